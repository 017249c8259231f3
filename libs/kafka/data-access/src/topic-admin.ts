import { ConfigResourceTypes, type ITopicConfig, type Kafka } from 'kafkajs';
import {
  DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
  DOCUMENT_CHANGES_DLQ_TOPIC,
  DOCUMENT_CHANGES_TOPIC,
} from '@tributary/contracts';

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const DLQ_RETENTION_MS = String(30 * 24 * 3600 * 1000);

/**
 * The topics Tributary owns. Partitions bound the embedder's parallelism: one
 * consumer per partition at most.
 */
export const TRIBUTARY_TOPICS: ITopicConfig[] = [
  {
    topic: DOCUMENT_CHANGES_TOPIC,
    numPartitions: 6,
    replicationFactor: -1,
    // Bodies may be 4 MiB (the contract's limit); batches of them must fit.
    configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }],
  },
  {
    topic: DOCUMENT_CHANGES_DLQ_TOPIC,
    numPartitions: 1,
    replicationFactor: -1,
    configEntries: [
      { name: 'retention.ms', value: DLQ_RETENTION_MS },
      { name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) },
    ],
  },
  {
    topic: DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
    numPartitions: 1,
    replicationFactor: -1,
    // Latest action per dead letter; a record is written after its letter, so it outlives it.
    configEntries: [
      { name: 'cleanup.policy', value: 'compact,delete' },
      { name: 'retention.ms', value: DLQ_RETENTION_MS },
    ],
  },
];

/**
 * Creates missing topics (the broker does not auto-create them) and brings the
 * settings of existing ones up to date; partition counts are never changed here.
 */
export async function ensureTopics(kafka: Kafka, topics: ITopicConfig[] = TRIBUTARY_TOPICS): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    const configured = topics.filter(
      ({ topic, configEntries }) => existing.has(topic) && configEntries?.length,
    );
    if (configured.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: configured.map(({ topic, configEntries = [] }) => ({
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: configEntries.map(({ name, value }) => ({ name, value })),
        })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
