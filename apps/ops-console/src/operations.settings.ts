import { z } from 'zod';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import {
  elasticsearchSettings,
  finetuneSettings,
  kafkaSettings,
  logSettings,
  redisSettings,
} from '@tributary/config';
import {
  DLQ_OPERATOR_GROUP,
  DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
  DOCUMENT_CHANGES_DLQ_TOPIC,
  DOCUMENT_CHANGES_TOPIC,
} from '@tributary/contracts';
import type { OperationsOptions } from '@tributary/operations';

/** Kafka's own rule for topic and group names. */
const kafkaName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'letters, digits, ".", "_" and "-", at most 249');

export const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** What the console and `tributary status` both read, so the two always show the same deployment. */
export const operationsSettings = {
  ...kafkaSettings,
  ...redisSettings,
  ...elasticsearchSettings,
  ...finetuneSettings,
  ...logSettings,
  /** The topics shown; a second deployment (or a test) sharing the cluster names its own. */
  CHANGES_TOPIC: kafkaName.default(DOCUMENT_CHANGES_TOPIC),
  DLQ_TOPIC: kafkaName.default(DOCUMENT_CHANGES_DLQ_TOPIC),
  DLQ_HANDLED_TOPIC: kafkaName.default(DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC),
  DLQ_OPERATOR_GROUP: kafkaName.default(DLQ_OPERATOR_GROUP),
  /** Freshness percentiles are taken over changes written in this window (15 min). */
  FRESHNESS_WINDOW_MS: wholeNumber(1_000, 24 * 3600 * 1000, 15 * 60 * 1000),
  /** How long each overview section may take before it is shown as unavailable (5 s). */
  OPERATIONS_SECTION_TIMEOUT_MS: wholeNumber(100, 60_000, 5_000),
};

type OperationsSettings = z.infer<z.ZodObject<typeof operationsSettings>>;

/** The operations service's options from the settings and the caller's connections. */
export function operationsOptionsOf(
  config: OperationsSettings,
  connections: { kafka: Kafka; redis: Redis; elasticsearch: Client },
): OperationsOptions {
  return {
    ...connections,
    chunksAlias: config.CHUNKS_ALIAS,
    documentStateIndex: config.DOCUMENT_STATE_INDEX,
    modelRegistryIndex: config.MODEL_REGISTRY_INDEX,
    finetuneRunsIndex: config.FINETUNE_RUNS_INDEX,
    finetuneRedisPrefix: config.FINETUNE_REDIS_PREFIX,
    topics: {
      changes: config.CHANGES_TOPIC,
      deadLetters: config.DLQ_TOPIC,
      handled: config.DLQ_HANDLED_TOPIC,
      operatorGroup: config.DLQ_OPERATOR_GROUP,
    },
    freshnessWindowMs: config.FRESHNESS_WINDOW_MS,
    sectionTimeoutMs: config.OPERATIONS_SECTION_TIMEOUT_MS,
  };
}
