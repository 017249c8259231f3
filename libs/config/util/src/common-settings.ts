import { z } from 'zod';

/** Settings shared by the apps; each app's schema picks the ones it needs. */
export const kafkaSettings = {
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'brokers are host:port, comma-separated')).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).default('tributary'),
};

export const elasticsearchSettings = {
  ELASTICSEARCH_URL: z.url().default('http://127.0.0.1:9200'),
  /** Secret: set in production, empty for the local stack where security is off. */
  ELASTICSEARCH_API_KEY: z.string().optional(),
  /**
   * The chunks alias (and prefix of its -next and -previous migration aliases)
   * and the document state index that goes with it: two deployments, or tests,
   * sharing a cluster each use their own.
   */
  CHUNKS_ALIAS: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, 'lowercase letters, digits, - and _')
    .default('tributary-chunks'),
  DOCUMENT_STATE_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, 'lowercase letters, digits, - and _')
    .default('tributary-documents'),
};

export const redisSettings = {
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
};

export const httpSettings = (defaultPort: number) => ({
  PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort),
  HOST: z.string().default('0.0.0.0'),
});

export const logSettings = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

const indexName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, 'lowercase letters, digits, - and _');

/**
 * Where the fine-tune side keeps its state: the model registry, run records and
 * datasets in Elasticsearch; plans, leases and the BullMQ queue under one Redis
 * key prefix. Two deployments, or tests, sharing the services each use their own.
 */
export const finetuneSettings = {
  MODEL_REGISTRY_INDEX: indexName.default('tributary-models'),
  FINETUNE_RUNS_INDEX: indexName.default('tributary-finetune-runs'),
  FINETUNE_DATASETS_INDEX: indexName.default('tributary-finetune-datasets'),
  FINETUNE_REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:_-]{0,100}$/, 'lowercase letters, digits, :, - and _')
    .default('tributary:finetune'),
};
