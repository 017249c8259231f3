import type { FineTunePlanV1 } from '@tributary/contracts';
import type { StoredDataset } from '@tributary/finetune-data-access';
import type { RunRecorder } from './run-recorder';

/** What every trainer's cycle gets from the run: its plan, dataset, ids, record and stop signals. */
export interface CycleInput {
  plan: FineTunePlanV1;
  dataset: StoredDataset;
  modelId: string;
  runId: string;
  recorder: RunRecorder;
  /** Set once the run should stop (checked between training batches): the reason. */
  stopReason(): string | undefined;
  /** Throws FineTuneCancelledError when the run was cancelled (reads the flag now, not the last renewal's). */
  checkCancelled(): Promise<void>;
  progress(stage: string, percent: number): Promise<void>;
}
