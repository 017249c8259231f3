// What a bench run's fine-tune side leaves behind: its registry, run and dataset
// indices and its Redis keys (plans, leases, the BullMQ queue). Removed after each run.
import type { Client } from '@elastic/elasticsearch';
import { FineTuneQueue } from '@tributary/finetune-data-access';
import { createRedisClient } from '@tributary/redis';
import { realServices } from '@tributary/testing';

export async function removeFineTuneState(
  es: Client,
  state: {
    MODEL_REGISTRY_INDEX: string;
    FINETUNE_RUNS_INDEX: string;
    FINETUNE_DATASETS_INDEX: string;
    FINETUNE_REDIS_PREFIX: string;
  },
): Promise<void> {
  await es.indices.delete(
    {
      index: [state.MODEL_REGISTRY_INDEX, state.FINETUNE_RUNS_INDEX, state.FINETUNE_DATASETS_INDEX],
      ignore_unavailable: true,
    },
    { ignore: [404] },
  );
  const redis = createRedisClient(realServices.redisUrl, 'queue');
  const queue = new FineTuneQueue(redis, state.FINETUNE_REDIS_PREFIX);
  try {
    await queue.queue.obliterate({ force: true });
    const keys = await redis.keys(`${state.FINETUNE_REDIS_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
