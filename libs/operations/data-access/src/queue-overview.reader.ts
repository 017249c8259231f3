import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULLMQ_JOB_STATES, type QueueV1 } from '@tributary/contracts';

/** Job counts per state of BullMQ queues, read from Redis (what bull-board shows). */
export class QueueOverviewReader {
  private readonly queues: Queue[];

  /** `prefix` is the queues' BullMQ key prefix (the deployment's FINETUNE_REDIS_PREFIX for the fine-tune queue). */
  constructor(connection: Redis, prefix: string, names: readonly string[]) {
    // A Queue given a connection shares it and never closes it: the caller owns the client.
    this.queues = names.map((name) => new Queue(name, { connection, prefix }));
  }

  async read(): Promise<QueueV1[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const [counts, paused] = await Promise.all([
          queue.getJobCounts(...BULLMQ_JOB_STATES),
          queue.isPaused(),
        ]);
        return {
          name: queue.name,
          counts: Object.fromEntries(
            BULLMQ_JOB_STATES.map((state) => [state, counts[state] ?? 0]),
          ) as QueueV1['counts'],
          paused,
        };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
