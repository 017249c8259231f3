import { errors, type Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import {
  DLQ_OPERATOR_GROUP,
  DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
  DOCUMENT_CHANGES_DLQ_TOPIC,
  DOCUMENT_CHANGES_TOPIC,
  FINETUNE_QUEUE,
} from '@tributary/contracts';
import { ConnectorRegistryRepository } from '@tributary/connectors-data-access';
import { ModelRegistryRepository, PlanRepository, RunRepository } from '@tributary/finetune-data-access';
import { ConsumerLagReader, DeadLetterRepository, TopicOverviewReader } from '@tributary/kafka';
import { CheckpointCountReader, QueueOverviewReader } from '@tributary/operations-data-access';
import { FreshnessReader, IndexOverviewReader, MAX_FRESHNESS_WINDOW_MS } from '@tributary/search-data-access';
import { OperationsInputError } from './operations.errors';
import { OPERATIONS_LIMITS as LIMITS } from './operations.limits';
import type { OperationsPorts } from './operations.ports';
import { OperationsService } from './operations.service';

export interface OperationsOptions {
  /** Clients the caller owns and closes; the service only borrows them. */
  kafka: Kafka;
  redis: Redis;
  elasticsearch: Client;
  chunksAlias: string;
  documentStateIndex: string;
  modelRegistryIndex: string;
  finetuneRunsIndex: string;
  /** FINETUNE_REDIS_PREFIX: fine-tune plans and the BullMQ queue's keys live under it. */
  finetuneRedisPrefix: string;
  /** BullMQ queues shown, under finetuneRedisPrefix; default the fine-tune queue. */
  queueNames?: readonly string[];
  /** Kafka names; defaults are the contract's. Tests and second deployments pass their own. */
  topics?: {
    changes?: string;
    deadLetters?: string;
    handled?: string;
    operatorGroup?: string;
  };
  /** Where the connector runner keeps its registry and checkpoints in Redis. */
  connectorRegistryKey?: string;
  checkpointPrefix?: string;
  /** Default 15 min; 1 s to 24 h. */
  freshnessWindowMs?: number;
  /** Default 5 s; 100 ms to 60 s. */
  sectionTimeoutMs?: number;
}

/** The service over the real repositories and readers, built from the deployment's connections and names. */
export function createOperationsService(options: OperationsOptions): OperationsService {
  const sectionTimeoutMs = bounded(
    'sectionTimeoutMs',
    options.sectionTimeoutMs ?? LIMITS.defaultSectionTimeoutMs,
    LIMITS.minSectionTimeoutMs,
    LIMITS.maxSectionTimeoutMs,
  );
  const freshnessWindowMs = bounded(
    'freshnessWindowMs',
    options.freshnessWindowMs ?? LIMITS.defaultFreshnessWindowMs,
    1_000,
    MAX_FRESHNESS_WINDOW_MS,
  );
  const names = {
    changes: options.topics?.changes ?? DOCUMENT_CHANGES_TOPIC,
    deadLetters: options.topics?.deadLetters ?? DOCUMENT_CHANGES_DLQ_TOPIC,
    handled: options.topics?.handled ?? DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
    operatorGroup: options.topics?.operatorGroup ?? DLQ_OPERATOR_GROUP,
  };
  const { kafka, redis, elasticsearch: es } = options;

  const admin = connectOnce(kafka.admin(), (client) => client.connect());
  const deadLetters = connectOnce(
    // Reads are bounded by the section timeout; this bounds a redrive-all's read too.
    new DeadLetterRepository(
      kafka,
      { dlqTopic: names.deadLetters, handledTopic: names.handled, operatorGroup: names.operatorGroup },
      60_000,
    ),
    (repository) => repository.connect(),
  );
  const queues = new QueueOverviewReader(redis, options.finetuneRedisPrefix, [
    ...(options.queueNames ?? [FINETUNE_QUEUE]),
  ]);
  const registry = new ModelRegistryRepository(es, options.modelRegistryIndex);
  // The registry index appears when the fine-tune scheduler first starts; until then there are no models.
  const models: OperationsPorts['models'] = {
    list: (filter) => emptyIfNoIndex(registry.list(filter)),
    pointers: () => emptyIfNoIndex(registry.pointers()),
    pointer: (kind, baseModel) => registry.pointer(kind, baseModel),
  };

  const ports: OperationsPorts = {
    topics: { read: async (topics) => new TopicOverviewReader(await admin.get()).read(topics) },
    consumerLag: { read: async (topics) => new ConsumerLagReader(await admin.get()).read(topics) },
    deadLetters: {
      listPending: async (limit) => (await deadLetters.get()).listPending(limit),
      inspect: async (position) => (await deadLetters.get()).inspect(position),
      redrive: async (position) => (await deadLetters.get()).redrive(position),
      redriveAll: async () => (await deadLetters.get()).redriveAll(),
      discard: async (position, reason) => (await deadLetters.get()).discard(position, reason),
    },
    queues,
    connectors: new ConnectorRegistryRepository(redis, options.connectorRegistryKey),
    checkpoints: new CheckpointCountReader(redis, options.checkpointPrefix),
    index: new IndexOverviewReader(es, options.chunksAlias, options.documentStateIndex),
    freshness: new FreshnessReader(es, options.documentStateIndex),
    plans: new PlanRepository(redis, options.finetuneRedisPrefix),
    runs: new RunRepository(es, options.finetuneRunsIndex),
    models,
    close: async () => {
      await Promise.allSettled([
        admin.release((client) => client.disconnect()),
        deadLetters.release((repository) => repository.disconnect()),
        queues.close(),
      ]);
    },
  };
  return new OperationsService(ports, {
    topics: [names.changes, names.deadLetters, names.handled],
    sectionTimeoutMs,
    freshnessWindowMs,
  });
}

async function emptyIfNoIndex<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof errors.ResponseError && error.meta.statusCode === 404) return [];
    throw error;
  }
}

function bounded(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new OperationsInputError(`${name} is a whole number of ms from ${min} to ${max}, not ${value}`);
  return value;
}

/**
 * Connects on first use, not at construction: a console must start, and show
 * what it can, while Kafka is down. A failed connect is retried on the next use.
 */
function connectOnce<T>(client: T, connect: (client: T) => Promise<void>) {
  let connected: Promise<T> | undefined;
  return {
    get(): Promise<T> {
      connected ??= connect(client).then(
        () => client,
        (error: unknown) => {
          connected = undefined;
          throw error;
        },
      );
      return connected;
    },
    async release(disconnect: (client: T) => Promise<void>): Promise<void> {
      if (!connected) return;
      connected = undefined;
      await disconnect(client);
    },
  };
}
