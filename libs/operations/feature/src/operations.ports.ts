import type { ConnectorRegistryRepository } from '@tributary/connectors-data-access';
import type { ModelRegistryRepository, PlanRepository, RunRepository } from '@tributary/finetune-data-access';
import type { ConsumerLagReader, DeadLetterRepository, TopicOverviewReader } from '@tributary/kafka';
import type { CheckpointCountReader, QueueOverviewReader } from '@tributary/operations-data-access';
import type { FreshnessReader, IndexOverviewReader } from '@tributary/search-data-access';

/**
 * What OperationsService reads and acts through: the real repositories and
 * readers in production (see createOperationsService), fakes in unit tests.
 */
export interface OperationsPorts {
  topics: Pick<TopicOverviewReader, 'read'>;
  consumerLag: Pick<ConsumerLagReader, 'read'>;
  deadLetters: Pick<DeadLetterRepository, 'listPending' | 'inspect' | 'redrive' | 'redriveAll' | 'discard'>;
  queues: Pick<QueueOverviewReader, 'read'>;
  connectors: Pick<ConnectorRegistryRepository, 'list' | 'runRequests' | 'requestRun'>;
  checkpoints: Pick<CheckpointCountReader, 'count'>;
  index: Pick<IndexOverviewReader, 'read'>;
  freshness: Pick<FreshnessReader, 'read'>;
  plans: Pick<PlanRepository, 'list'>;
  runs: Pick<RunRepository, 'list'>;
  models: Pick<ModelRegistryRepository, 'list' | 'pointers' | 'pointer'>;
  /** Releases what the ports hold (admin and producer connections, queues); not the clients passed in. */
  close(): Promise<void>;
}

export interface OperationsSettings {
  /** The Kafka topics shown, and whose consumer groups' lag is read. */
  topics: readonly string[];
  sectionTimeoutMs: number;
  freshnessWindowMs: number;
}
