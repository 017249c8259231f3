import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { finetuneSettings } from '@tributary/config';
import {
  DatasetRepository,
  ModelRegistryRepository,
  PlanRepository,
  RunControlRepository,
  RunRepository,
} from '@tributary/finetune-data-access';
import type { z } from 'zod';

type FinetuneConfig = { [K in keyof typeof finetuneSettings]: z.infer<(typeof finetuneSettings)[K]> };

/** The fine-tune side's repositories, named by the deployment's settings: both processes build the same set. */
export function finetuneStores(es: Client, redis: Redis, config: FinetuneConfig) {
  return {
    plans: new PlanRepository(redis, config.FINETUNE_REDIS_PREFIX),
    control: new RunControlRepository(redis, config.FINETUNE_REDIS_PREFIX),
    runs: new RunRepository(es, config.FINETUNE_RUNS_INDEX),
    datasets: new DatasetRepository(es, config.FINETUNE_DATASETS_INDEX),
    registry: new ModelRegistryRepository(es, config.MODEL_REGISTRY_INDEX),
  };
}

export type FinetuneStores = ReturnType<typeof finetuneStores>;

/** Creates the Elasticsearch indices unless they exist; every process may call it at start. */
export async function ensureFinetuneIndices(stores: FinetuneStores): Promise<void> {
  await Promise.all([stores.runs.ensure(), stores.datasets.ensure(), stores.registry.ensure()]);
}
