import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { QueueOverviewReader } from './queue-overview.reader';

describe('QueueOverviewReader (real Redis, BullMQ)', () => {
  let redis: Redis;
  let prefix: string;
  let queue: Queue;
  let reader: QueueOverviewReader;

  beforeAll(() => {
    // Workers need maxRetriesPerRequest null (BullMQ refuses otherwise); the reader accepts either.
    redis = new Redis(realServices.redisUrl, { maxRetriesPerRequest: null });
  });
  beforeEach(() => {
    prefix = uniqueName('it-ops-queues');
    queue = new Queue('it-jobs', { connection: redis, prefix });
    reader = new QueueOverviewReader(redis, prefix, ['it-jobs', 'it-empty']);
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), reader.close()]);
  });
  afterAll(() => redis.quit());

  it('counts jobs per state and says whether each queue is paused', async () => {
    const workerConnection = new Redis(realServices.redisUrl, { maxRetriesPerRequest: null });
    const worker = new Worker(
      'it-jobs',
      async (job) => {
        if (job.name === 'bad') throw new Error('poison');
      },
      { connection: workerConnection, prefix },
    );
    await queue.add('good', {});
    await queue.add('bad', {}, { attempts: 1 });
    await eventually(async () => {
      expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 1, failed: 1 });
    });
    await worker.close();
    await workerConnection.quit();
    await queue.add('later', {}, { delay: 3_600_000 });
    await queue.add('next', {});
    await queue.add('after', {});

    expect(await reader.read()).toEqual([
      {
        name: 'it-jobs',
        counts: { waiting: 2, active: 0, delayed: 1, failed: 1, completed: 1, paused: 0 },
        paused: false,
      },
      {
        name: 'it-empty',
        counts: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, paused: 0 },
        paused: false,
      },
    ]);

    await queue.pause();

    const [paused] = await reader.read();
    expect(paused?.paused).toBe(true);
    // A paused queue's waiting jobs are held back: BullMQ reports them as paused, not waiting.
    expect(paused?.counts).toMatchObject({ waiting: 0, paused: 2, delayed: 1 });
  });
});
