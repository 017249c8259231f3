import type { Kafka } from 'kafkajs';

/** Events of the topic the group has not committed yet, over all partitions. */
export async function consumerLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const done = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    return ends.reduce((lag, { partition, offset }) => {
      const at = done.get(partition) ?? -1n;
      return lag + Number(BigInt(offset) - (at < 0n ? 0n : at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Moves a stopped group to the start (replay everything) or the end (skip
 * history) of a topic, with explicit offsets: kafkajs's resetOffsets commits
 * the -1/-2 sentinels, which a group reads as "no offset" and so only works by
 * falling back to its fromBeginning setting.
 */
export async function moveGroup(
  kafka: Kafka,
  groupId: string,
  topic: string,
  to: 'start' | 'end',
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map(({ partition, low, high }) => ({
        partition,
        offset: to === 'start' ? low : high,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
