import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { FINETUNE_RUN_JOB, fineTunePlanV1Schema, type FineTunePlanInputV1 } from '@tributary/contracts';
import { realServices, uniqueName } from '@tributary/testing';
import { FineTuneQueue, RUN_ATTEMPTS } from './finetune-queue';

const plan = (input: Partial<FineTunePlanInputV1> & { name: string }) =>
  fineTunePlanV1Schema.parse({ trainer: { kind: 'query-adapter' }, ...input });

const HOUR_MS = 3_600_000;
const plans = [
  plan({ name: 'hourly', schedule: { everyMs: HOUR_MS } }),
  plan({ name: 'nightly', schedule: { cron: '0 3 * * *', tz: 'UTC' } }),
  plan({ name: 'paused', schedule: { everyMs: HOUR_MS }, paused: true }),
  plan({ name: 'on-demand' }),
];

describe('FineTuneQueue (real Redis, BullMQ)', () => {
  // Two connections, as two scheduler processes of one deployment would have.
  let first: Redis;
  let second: Redis;
  let prefix: string;
  let queueA: FineTuneQueue;
  let queueB: FineTuneQueue;

  const scheduleIds = async () => (await queueA.schedules()).map((s) => s.id).sort();

  beforeAll(() => {
    // As createRedisClient(url, 'queue') configures them (that lib is data-access too, so off limits here).
    first = new Redis(realServices.redisUrl, { maxRetriesPerRequest: null });
    second = new Redis(realServices.redisUrl, { maxRetriesPerRequest: null });
  });
  beforeEach(() => {
    prefix = uniqueName('it-finetune');
    queueA = new FineTuneQueue(first, prefix);
    queueB = new FineTuneQueue(second, prefix);
  });
  afterEach(async () => {
    await queueA.queue.obliterate({ force: true });
    await Promise.all([queueA.close(), queueB.close()]);
    const leftovers = await first.keys(`${prefix}:*`);
    if (leftovers.length > 0) await first.del(...leftovers);
  });
  afterAll(async () => {
    await Promise.all([first.quit(), second.quit()]);
  });

  it('leaves exactly one job scheduler per scheduled, unpaused plan when two processes sync the same plans at once', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([queueA.syncSchedules(plans), queueB.syncSchedules(plans)]);
      expect(a.upserted.sort()).toEqual(['hourly', 'nightly']);
      expect(b.upserted.sort()).toEqual(['hourly', 'nightly']);
    }

    expect(await scheduleIds()).toEqual(['plan:hourly', 'plan:nightly']);
    expect(await queueA.queue.getJobSchedulersCount()).toBe(2);
    const byPlan = Object.fromEntries((await queueB.schedules()).map((s) => [s.plan, s]));
    expect(byPlan['hourly']).toMatchObject({ id: 'plan:hourly', every: HOUR_MS });
    expect(byPlan['nightly']).toMatchObject({ id: 'plan:nightly', pattern: '0 3 * * *' });
    // One pending iteration per scheduler, not one per upsert.
    const pending = await queueA.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(pending.map((job) => job.data.plan).sort()).toEqual(['hourly', 'nightly']);
    for (const job of pending) {
      expect(job.name).toBe(FINETUNE_RUN_JOB);
      expect(job.data.trigger).toBe('schedule');
      expect(job.opts.attempts).toBe(RUN_ATTEMPTS);
    }
  });

  it("removes a paused or deleted plan's scheduler and leaves schedulers that are not a plan's alone", async () => {
    await queueA.syncSchedules(plans);
    await queueA.queue.upsertJobScheduler('maintenance', { every: HOUR_MS });

    const [hourly, nightly] = plans;
    const result = await queueB.syncSchedules([{ ...hourly!, paused: true }, nightly!]);
    expect(result).toEqual({ upserted: ['nightly'], removed: ['hourly'], failed: [] });
    expect(await scheduleIds()).toEqual(['maintenance', 'plan:nightly']);

    expect(await queueA.syncSchedules([])).toEqual({ upserted: [], removed: ['nightly'], failed: [] });
    expect(await scheduleIds()).toEqual(['maintenance']);
  });

  it('updates a plan whose schedule changed in place, under the same scheduler id', async () => {
    await queueA.syncSchedules(plans);
    await queueB.syncSchedules([plan({ name: 'hourly', schedule: { everyMs: 2 * HOUR_MS } })]);
    expect(await queueA.schedules()).toEqual([
      expect.objectContaining({ id: 'plan:hourly', every: 2 * HOUR_MS }),
    ]);
  });

  it('enqueues a run now under a run id whose job is waiting, and removes it while it is still pending', async () => {
    const runId = await queueA.enqueue('adapters', 'alice', FineTuneQueue.manualRunId('adapters'));
    expect(runId).toMatch(/^manual-adapters-[0-9a-f-]{36}$/);
    expect(await queueB.state(runId)).toBe('waiting');
    const job = await queueA.queue.getJob(runId);
    expect(job?.data).toEqual({ plan: 'adapters', trigger: 'manual', requestedBy: 'alice' });

    expect(await queueB.removeIfPending(runId)).toBe('removed');
    expect(await queueA.state(runId)).toBeUndefined();
    expect(await queueA.removeIfPending(runId)).toBe('running');
    expect(await queueA.state('never-queued')).toBeUndefined();
  });

  it('does not remove a run a worker has already started', async () => {
    const runId = await queueA.enqueue('adapters', 'alice', FineTuneQueue.manualRunId('adapters'));
    const worker = new Worker(queueA.queue.name, null, { connection: second, prefix, autorun: false });
    try {
      const job = await worker.getNextJob('it-token', { block: false });
      expect(job?.id).toBe(runId);
      expect(await queueA.state(runId)).toBe('active');
      expect(await queueA.removeIfPending(runId)).toBe('running');
      expect(await queueA.state(runId)).toBe('active');
    } finally {
      await worker.close(true);
    }
  });
});
