import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  FINETUNE_QUEUE,
  FINETUNE_RUN_JOB,
  type FineTunePlanV1,
  type FineTuneRunJobV1,
} from '@tributary/contracts';

/** Retries of a run that failed for a transient reason (Elasticsearch or Redis away, a network error). */
export const RUN_ATTEMPTS = 3;
export const RUN_BACKOFF_MS = 30_000;

export const RUN_JOB_OPTIONS: JobsOptions = {
  attempts: RUN_ATTEMPTS,
  backoff: { type: 'exponential', delay: RUN_BACKOFF_MS },
  // Few completed jobs, many failed: the failed set is the dead-letter view; run records live in Elasticsearch.
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1_000 },
};

/** The stable id of a plan's schedule: upserting it again (a redeploy, a second scheduler) never duplicates it. */
export const schedulerIdOf = (plan: string) => `plan:${plan}`;
const planOfScheduler = (id: string) => (id.startsWith('plan:') ? id.slice('plan:'.length) : undefined);

export type QueueJobState =
  'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized' | 'unknown';

/** The fine-tune queue as the scheduler and operators use it: schedules, run-now, job states. */
export class FineTuneQueue {
  readonly queue: Queue<FineTuneRunJobV1>;

  /** `prefix` is the deployment's FINETUNE_REDIS_PREFIX: BullMQ's keys live under it. */
  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<FineTuneRunJobV1>(FINETUNE_QUEUE, { connection, prefix });
  }

  /**
   * Makes the queue's schedules match the plans: one per scheduled, unpaused
   * plan, none for the rest. A plan whose schedule BullMQ refuses is reported,
   * not fatal: the other plans keep their schedules.
   */
  async syncSchedules(plans: readonly FineTunePlanV1[]) {
    const wanted = new Map(
      plans.filter((plan) => plan.schedule && !plan.paused).map((plan) => [plan.name, plan]),
    );
    const upserted: string[] = [];
    const failed: Array<{ plan: string; error: string }> = [];
    for (const plan of wanted.values()) {
      try {
        await this.upsertSchedule(plan);
        upserted.push(plan.name);
      } catch (error) {
        failed.push({ plan: plan.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const removed: string[] = [];
    for (const scheduler of await this.queue.getJobSchedulers(0, -1)) {
      const plan = planOfScheduler(scheduler.key);
      if (plan === undefined || wanted.has(plan)) continue;
      await this.queue.removeJobScheduler(scheduler.key);
      removed.push(plan);
    }
    return { upserted, removed, failed };
  }

  async upsertSchedule(plan: FineTunePlanV1): Promise<void> {
    const { schedule } = plan;
    if (!schedule) throw new Error(`plan ${plan.name} has no schedule`);
    const repeat =
      'cron' in schedule
        ? { pattern: schedule.cron, ...(schedule.tz ? { tz: schedule.tz } : {}) }
        : { every: schedule.everyMs };
    await this.queue.upsertJobScheduler(schedulerIdOf(plan.name), repeat, {
      name: FINETUNE_RUN_JOB,
      data: { plan: plan.name, trigger: 'schedule' },
      opts: RUN_JOB_OPTIONS,
    });
  }

  async removeSchedule(plan: string): Promise<void> {
    await this.queue.removeJobScheduler(schedulerIdOf(plan));
  }

  async schedules() {
    return (await this.queue.getJobSchedulers(0, -1)).map((scheduler) => ({
      plan: planOfScheduler(scheduler.key),
      id: scheduler.key,
      pattern: scheduler.pattern,
      every: scheduler.every,
      next: scheduler.next,
    }));
  }

  /** A new manual run's id (its job id). */
  static manualRunId(plan: string): string {
    return `manual-${plan}-${randomUUID()}`;
  }

  /** Queues a run now under the given id (see manualRunId). */
  async enqueue(plan: string, requestedBy: string, runId: string): Promise<string> {
    await this.queue.add(
      FINETUNE_RUN_JOB,
      { plan, trigger: 'manual', requestedBy },
      { ...RUN_JOB_OPTIONS, jobId: runId },
    );
    return runId;
  }

  async state(runId: string): Promise<QueueJobState | undefined> {
    const job = await this.queue.getJob(runId);
    return job ? ((await job.getState()) as QueueJobState) : undefined;
  }

  /** The job's state and the progress its worker last reported ({ stage, percent }). */
  async progress(runId: string): Promise<{ state: QueueJobState; progress: unknown } | undefined> {
    const job = await this.queue.getJob(runId);
    return job ? { state: (await job.getState()) as QueueJobState, progress: job.progress } : undefined;
  }

  /**
   * Removes a run that has not started. `running`: a worker has it (or it is
   * gone); `scheduled`: it is a schedule's next run, which BullMQ keeps (pause
   * the plan instead).
   */
  async removeIfPending(runId: string): Promise<'removed' | 'running' | 'scheduled'> {
    const job = await this.queue.getJob(runId);
    if (!job) return 'running';
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return 'running';
    try {
      await job.remove();
      return 'removed';
    } catch (error) {
      // A worker took it between the state read and the removal: it is running now.
      if (await job.isActive()) return 'running';
      if (/job scheduler/i.test(String(error))) return 'scheduled';
      throw error;
    }
  }

  async counts() {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
