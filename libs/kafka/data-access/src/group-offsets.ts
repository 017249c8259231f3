import type { Kafka } from 'kafkajs';

/**
 * Commits offsets for a group that has no running consumer, as `kafka-consumer-groups
 * --reset-offsets` does: joins it briefly, fetching nothing, and commits. (kafkajs's
 * admin.setOffsets does the same but always waits out a whole empty fetch, 5 s.)
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: readonly { partition: number; offset: string }[],
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  // A short fetch wait: disconnecting waits for the fetch in flight, which finds nothing.
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  let timer: NodeJS.Timeout | undefined;
  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
    timer = setTimeout(() => reject(new Error(`timed out joining group ${groupId}`)), timeoutMs);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    consumer.pause([{ topic }]);
    await joined;
    await consumer.commitOffsets(partitions.map(({ partition, offset }) => ({ topic, partition, offset })));
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
