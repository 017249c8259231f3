import { createHash } from 'node:crypto';
import type { FineTunePlanV1, FineTuneRunJobV1, FineTuneRunV1 } from '@tributary/contracts';
import type { StoredDataset } from '@tributary/finetune-data-access';
import type { CycleInput } from './cycle-input';
import type { DatasetBuilderService } from './dataset-builder.service';
import { FineTuneCancelledError, FineTuneInputError } from './fine-tune.errors';
import type { GeneratorCyclePorts } from './generator-cycle';
import { runGeneratorCycle } from './generator-cycle';
import { runAdapterCycle, type AdapterCyclePorts } from './query-adapter-cycle';
import { messageOf, RunRecorder, type RunStore } from './run-recorder';
import { RunGuard, type RunControl } from './run-guard';

export interface FineTuneRunDependencies {
  plans: { get(name: string): Promise<FineTunePlanV1 | undefined> };
  runs: RunStore & { get(runId: string): Promise<FineTuneRunV1 | undefined> };
  control: RunControl;
  datasets: Pick<DatasetBuilderService, 'build'>;
  /** The live chunks index and its embedding model. */
  activeIndex(): Promise<{ index: string; model: string }>;
  /** The adapter cycle's ports against one concrete index and tenant. */
  adapterPorts(index: string, model: string, tenant: string): Promise<AdapterCyclePorts>;
  generatorPorts(index: string): GeneratorCyclePorts | undefined;
  leaseMs?: number;
}

/** One BullMQ job as the service sees it. */
export interface RunRequest {
  runId: string;
  /** 1 for the first try. */
  attempt: number;
  /** Whether BullMQ will try again if this attempt fails. */
  willRetry: boolean;
  job: FineTuneRunJobV1;
  progress(stage: string, percent: number): Promise<void>;
}

export type RunResult = Pick<FineTuneRunV1, 'status' | 'outcome' | 'reason'>;

/**
 * Runs one fine-tune cycle: dataset → train → evaluate → promote, each stage
 * recorded with its inputs and outputs. At most one run per plan at a time (a
 * lease in Redis); a retried run starts over, and every write it repeats lands
 * on the same ids (dataset by content, model by run), so retries are idempotent.
 */
export class FineTuneRunService {
  constructor(private readonly deps: FineTuneRunDependencies) {}

  async run(request: RunRequest): Promise<RunResult> {
    const plan = await this.deps.plans.get(request.job.plan);
    const recorder = new RunRecorder(await this.runRecord(request), this.deps.runs);
    if (!plan) {
      await recorder.finish({
        status: 'failed',
        reason: `plan ${request.job.plan} does not exist (deleted?)`,
      });
      throw new FineTuneInputError(`plan ${request.job.plan} does not exist`);
    }
    if (request.job.trigger === 'schedule' && (plan.paused || !plan.schedule)) {
      // A schedule upserted again from a stale plan list (a scheduler restarting during a pause) must not run.
      const reason = `plan ${plan.name} is ${plan.paused ? 'paused' : 'no longer scheduled'}`;
      await recorder.finish({ status: 'skipped', reason });
      return { status: 'skipped', reason };
    }
    const guard = await RunGuard.acquire(this.deps.control, plan.name, request.runId, this.deps.leaseMs);
    if (!guard) {
      const holder = await this.deps.control.holder(plan.name);
      const reason = `run ${holder ?? '?'} of plan ${plan.name} was still going`;
      await recorder.finish({ status: 'skipped', reason });
      return { status: 'skipped', reason };
    }
    // The lease goes before the record says the run ended: whoever reads "ended" may start the next run at once.
    let result: RunResult | undefined;
    let failure: unknown;
    try {
      result = await this.stages(plan, request, recorder, guard);
    } catch (error) {
      failure = error;
    } finally {
      await guard.release();
    }
    if (result) {
      await recorder.finish(result);
      return result;
    }
    // Training stops on the guard's word with an error of its own (AdapterTrainingCancelledError, an aborted
    // remote job): the run still ended because it was cancelled, and must not be retried.
    const stopped = guard.stopReason();
    return this.failed(stopped ? new FineTuneCancelledError(stopped) : failure, request, recorder);
  }

  private async stages(
    plan: FineTunePlanV1,
    request: RunRequest,
    recorder: RunRecorder,
    guard: RunGuard,
  ): Promise<RunResult> {
    await guard.check();
    const { index, model } = await this.deps.activeIndex();
    const seed = plan.trainer.kind === 'query-adapter' ? plan.trainer.seed : 42;
    const dataset = await recorder.stage('dataset', { recipe: plan.dataset, index, seed }, async () => {
      const { dataset, created } = await this.deps.datasets.build({
        plan: plan.name,
        recipe: plan.dataset,
        index,
        seed,
        reserved: (plan.promotion.goldenSet ?? []).map((item) => item.query),
      });
      return { outputs: { datasetId: dataset.id, created, counts: dataset.counts }, result: dataset };
    });
    await request.progress('dataset', 100);
    if (dataset.counts.feedbackPairs < plan.dataset.minPairs) return this.noData(plan, dataset, recorder);
    await guard.check();
    const modelId = modelIdOf(plan.name, recorder.run);
    const common: CycleInput = {
      plan,
      dataset,
      modelId,
      runId: request.runId,
      recorder,
      progress: request.progress,
      stopReason: () => guard.stopReason(),
      checkCancelled: () => guard.check(),
    };
    if (plan.trainer.kind === 'openai-chat') {
      const ports = this.deps.generatorPorts(index);
      if (!ports)
        throw new FineTuneInputError('plan uses the openai-chat trainer but FINETUNE_API_URL is not set');
      return runGeneratorCycle(ports, { ...common, trainer: plan.trainer });
    }
    const ports = await this.deps.adapterPorts(index, model, plan.dataset.tenant);
    const { outcome, reason } = await runAdapterCycle(ports, {
      ...common,
      trainer: plan.trainer,
      baseModel: model,
    });
    return { status: 'succeeded', outcome, reason };
  }

  private async noData(
    plan: FineTunePlanV1,
    dataset: StoredDataset,
    recorder: RunRecorder,
  ): Promise<RunResult> {
    const reason = `${dataset.counts.feedbackPairs} feedback pairs; the plan needs ${plan.dataset.minPairs} before training`;
    for (const stage of ['train', 'evaluate', 'promote'] as const) await recorder.skip(stage, reason);
    return { status: 'succeeded', outcome: 'no-data', reason };
  }

  private async failed(error: unknown, request: RunRequest, recorder: RunRecorder): Promise<RunResult> {
    if (error instanceof FineTuneCancelledError) {
      const result: RunResult = { status: 'cancelled', reason: error.reason };
      await recorder.finish(result);
      return result;
    }
    const retry = request.willRetry && !(error instanceof FineTuneInputError);
    if (retry) Object.assign(recorder.run, { status: 'queued', reason: messageOf(error) });
    await recorder.log(
      'error',
      `attempt ${request.attempt} failed: ${messageOf(error)}${retry ? '; it will be retried' : ''}`,
    );
    if (!retry) await recorder.finish({ status: 'failed', reason: messageOf(error) });
    throw error;
  }

  /** The run's record: the one a previous attempt left (same id), else a new one. */
  private async runRecord(request: RunRequest): Promise<FineTuneRunV1> {
    const now = new Date().toISOString();
    const previous = await this.deps.runs.get(request.runId);
    const base: FineTuneRunV1 = previous ?? {
      runId: request.runId,
      plan: request.job.plan,
      trigger: request.job.trigger,
      ...(request.job.requestedBy ? { requestedBy: request.job.requestedBy } : {}),
      status: 'running',
      attempt: request.attempt,
      createdAt: now,
      stages: {},
      logs: [],
    };
    const run: FineTuneRunV1 = {
      ...base,
      status: 'running',
      attempt: request.attempt,
      startedAt: now,
      stages: {},
    };
    run.logs.push({ at: now, level: 'info', message: `attempt ${request.attempt} started` });
    await this.deps.runs.save(run);
    return run;
  }
}

/**
 * A model version's id: the plan, when its run was created, and a hash of the
 * run id, so a retried run rewrites its own version and two runs never share one.
 */
function modelIdOf(plan: string, run: FineTuneRunV1): string {
  const stamp = run.createdAt.replace(/[-:]/g, '').slice(0, 15);
  const suffix = createHash('sha256').update(run.runId).digest('hex').slice(0, 6);
  return `${plan}-${stamp}-${suffix}`;
}
