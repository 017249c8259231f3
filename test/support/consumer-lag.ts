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

/** Moves a stopped group back to the start of the topic: the next consumer replays everything. */
export async function rewindGroup(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Explicit offsets rather than resetOffsets, whose -2 sentinel only works by falling back to fromBeginning.
    const starts = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: starts.map(({ partition, low }) => ({ partition, offset: low })),
    });
  } finally {
    await admin.disconnect();
  }
}
