import {
  fineTunePlanV1Schema,
  parseContract,
  type FineTunePlanV1,
  type FineTuneRunV1,
  type ModelKind,
} from '@tributary/contracts';
import {
  FineTuneQueue,
  type ModelRegistryRepository,
  type PlanRepository,
  type RunControlRepository,
  type RunRepository,
} from '@tributary/finetune-data-access';

/** 404 for the API and the CLI. */
export class FineTuneNotFoundError extends Error {
  override name = 'FineTuneNotFoundError';
}

/** 409: the request contradicts what is going on (a run already active, a finished run cancelled). */
export class FineTuneConflictError extends Error {
  override name = 'FineTuneConflictError';
}

export interface FineTuneOperationsDependencies {
  plans: PlanRepository;
  queue: FineTuneQueue;
  runs: RunRepository;
  control: RunControlRepository;
  registry: ModelRegistryRepository;
}

/**
 * What operators and services do with fine-tuning, for the HTTP API and the CLI
 * alike: plans (with their schedules kept in step), runs (trigger, cancel,
 * inspect) and the model registry (list, promote, roll back).
 */
export class FineTuneOperations {
  constructor(private readonly deps: FineTuneOperationsDependencies) {}

  /** Creates or replaces a plan and makes its schedule match; bad input throws ContractViolationError naming every problem. */
  async putPlan(input: unknown): Promise<FineTunePlanV1> {
    const plan = parseContract('fine-tune plan', fineTunePlanV1Schema, input);
    await this.deps.plans.put(plan);
    await this.syncSchedule(plan);
    return plan;
  }

  async deletePlan(name: string): Promise<void> {
    if (!(await this.deps.plans.delete(name))) throw new FineTuneNotFoundError(`no plan ${name}`);
    await this.deps.queue.removeSchedule(name);
  }

  async setPaused(name: string, paused: boolean): Promise<FineTunePlanV1> {
    const plan = { ...(await this.plan(name)), paused };
    await this.deps.plans.put(plan);
    await this.syncSchedule(plan);
    return plan;
  }

  async listPlans() {
    const schedules = new Map(
      (await this.deps.queue.schedules()).map((schedule) => [schedule.plan, schedule]),
    );
    return Promise.all(
      (await this.deps.plans.list()).map(async (plan) => ({
        ...plan,
        nextRunAt: nextRunOf(schedules.get(plan.name)),
        activeRun: await this.deps.control.holder(plan.name),
        lastRun: (await this.deps.runs.list({ plan: plan.name, size: 1 }))[0],
      })),
    );
  }

  /** Queues a run now; refused while a run of the plan is going (one at a time). */
  async trigger(name: string, requestedBy: string): Promise<FineTuneRunV1> {
    await this.plan(name);
    const active = await this.deps.control.holder(name);
    if (active)
      throw new FineTuneConflictError(`run ${active} of plan ${name} is still going; cancel it or wait`);
    // The record first: a worker that takes the job at once must find it, not have it overwritten.
    const runId = FineTuneQueue.manualRunId(name);
    const run: FineTuneRunV1 = {
      runId,
      plan: name,
      trigger: 'manual',
      requestedBy,
      status: 'queued',
      attempt: 0,
      createdAt: new Date().toISOString(),
      stages: {},
      logs: [{ at: new Date().toISOString(), level: 'info', message: `queued by ${requestedBy}` }],
    };
    await this.deps.runs.save(run, { refresh: true });
    await this.deps.queue.enqueue(name, requestedBy, runId);
    return run;
  }

  /** A queued run is removed at once; a running one stops at its next check (between stages, or between training batches). */
  async cancel(
    runId: string,
    requestedBy: string,
  ): Promise<{ runId: string; status: 'cancelled' | 'cancelling' }> {
    const run = await this.deps.runs.get(runId);
    const state = await this.deps.queue.state(runId);
    if (!run && !state) throw new FineTuneNotFoundError(`no run ${runId}`);
    const removal = await this.deps.queue.removeIfPending(runId);
    if (removal === 'scheduled')
      throw new FineTuneConflictError(
        `${runId} is a schedule's next run: pause the plan to stop its schedule`,
      );
    if (removal === 'removed') {
      if (run)
        await this.deps.runs.save(
          {
            ...run,
            status: 'cancelled',
            reason: `cancelled by ${requestedBy}`,
            finishedAt: new Date().toISOString(),
          },
          { refresh: true },
        );
      return { runId, status: 'cancelled' };
    }
    if (run && !['queued', 'running'].includes(run.status))
      throw new FineTuneConflictError(`run ${runId} already ended: ${run.status}`);
    await this.deps.control.requestCancel(runId, `cancelled by ${requestedBy}`);
    return { runId, status: 'cancelling' };
  }

  async runs(filter: { plan?: string; status?: string; size?: number }) {
    return this.deps.runs.list(filter);
  }

  /** A run's record, with its job's queue state and last reported progress while BullMQ still holds the job. */
  async run(runId: string): Promise<FineTuneRunV1 & { queue?: { state: string; progress: unknown } }> {
    const run = await this.deps.runs.get(runId);
    if (!run) throw new FineTuneNotFoundError(`no run ${runId}`);
    const queue = await this.deps.queue.progress(runId);
    return { ...run, ...(queue ? { queue } : {}) };
  }

  async models(filter: { kind?: ModelKind; plan?: string; size?: number } = {}) {
    const [models, pointers] = await Promise.all([
      this.deps.registry.list(filter),
      this.deps.registry.pointers(),
    ]);
    const live = new Set(pointers.flatMap((pointer) => (pointer.active ? [pointer.active] : [])));
    return { models: models.map((model) => ({ ...model, live: live.has(model.id) })), pointers };
  }

  async promote(id: string, by: string) {
    return this.deps.registry.activate(id, by);
  }

  async rollback(kind: ModelKind, baseModel: string, by: string) {
    return this.deps.registry.rollback(kind, baseModel, by);
  }

  private async plan(name: string): Promise<FineTunePlanV1> {
    const plan = await this.deps.plans.get(name);
    if (!plan) throw new FineTuneNotFoundError(`no plan ${name}`);
    return plan;
  }

  private async syncSchedule(plan: FineTunePlanV1): Promise<void> {
    if (plan.schedule && !plan.paused) await this.deps.queue.upsertSchedule(plan);
    else await this.deps.queue.removeSchedule(plan.name);
  }
}

const nextRunOf = (schedule: { next?: number | undefined } | undefined) =>
  schedule?.next ? new Date(schedule.next).toISOString() : undefined;
