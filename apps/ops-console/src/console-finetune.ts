import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { FineTuneOperations } from '@tributary/finetune';
import {
  type FineTuneQueue,
  ModelRegistryRepository,
  PlanRepository,
  RunControlRepository,
  RunRepository,
} from '@tributary/finetune-data-access';
import type { ConsoleConfig } from './console.config';

/**
 * The fine-tune side as the scheduler's API sees it (promote, roll back), named
 * by the same settings, so the console and the scheduler act on one registry.
 */
export function consoleFineTuneOperations(
  es: Client,
  redis: Redis,
  queue: FineTuneQueue,
  config: ConsoleConfig,
) {
  return new FineTuneOperations({
    plans: new PlanRepository(redis, config.FINETUNE_REDIS_PREFIX),
    control: new RunControlRepository(redis, config.FINETUNE_REDIS_PREFIX),
    runs: new RunRepository(es, config.FINETUNE_RUNS_INDEX),
    registry: new ModelRegistryRepository(es, config.MODEL_REGISTRY_INDEX),
    queue,
  });
}
