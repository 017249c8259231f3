import type { ITopicConfig, Kafka } from 'kafkajs';
import { DOCUMENT_CHANGES_DLQ_TOPIC, DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';

/**
 * The topics Tributary owns. Partitions bound the embedder's parallelism: one
 * consumer per partition at most.
 */
export const TRIBUTARY_TOPICS: ITopicConfig[] = [
  { topic: DOCUMENT_CHANGES_TOPIC, numPartitions: 6, replicationFactor: -1 },
  {
    topic: DOCUMENT_CHANGES_DLQ_TOPIC,
    numPartitions: 1,
    replicationFactor: -1,
    configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }],
  },
];

/** Creates missing topics (the broker does not auto-create them); existing ones are left alone. */
export async function ensureTopics(kafka: Kafka, topics: ITopicConfig[] = TRIBUTARY_TOPICS): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
