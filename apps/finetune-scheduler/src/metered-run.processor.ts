import type { Job } from 'bullmq';
import type { FineTuneRunJobV1, FineTuneRunV1 } from '@tributary/contracts';
import type { RunResult } from '@tributary/finetune';
import type { FineTuneWorkerMetrics } from './finetune-metrics';

/** Where the metrics look up what the job does not carry (stores.plans and stores.runs in production). */
export interface RunLookups {
  trainerOf(plan: string): Promise<string | undefined>;
  runOf(runId: string): Promise<Pick<FineTuneRunV1, 'stages'> | undefined>;
}

type Processor = (job: Job<FineTuneRunJobV1>) => Promise<RunResult>;

/**
 * The run processor, timed: each attempt is observed by plan, trainer and how
 * it ended (a thrown attempt counts as failed; BullMQ may retry it), then the
 * stages it finished are read from the run record. A lookup that fails only
 * loses a label or the stages: metrics never fail a run.
 */
export function meteredRunProcessor(
  processor: Processor,
  metrics: FineTuneWorkerMetrics,
  lookups: RunLookups,
): Processor {
  return async (job) => {
    const startedAt = Date.now();
    const plan = typeof job.data?.plan === 'string' ? job.data.plan : 'invalid';
    let status = 'failed';
    let outcome: string | undefined;
    try {
      const result = await processor(job);
      ({ status, outcome } = result);
      return result;
    } finally {
      const trainer = (await lookups.trainerOf(plan).catch(() => undefined)) ?? 'unknown';
      metrics.observeRun({ plan, trainer, status, outcome, seconds: (Date.now() - startedAt) / 1000 });
      const record = job.id ? await lookups.runOf(job.id).catch(() => undefined) : undefined;
      if (record) metrics.observeStages(record, startedAt);
    }
  };
}
