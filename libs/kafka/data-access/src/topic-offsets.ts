import type { Admin } from 'kafkajs';

/** Where one partition's log starts and ends now. Offsets as numbers: a lag never nears 2^53. */
export interface PartitionOffsets {
  partition: number;
  earliest: number;
  end: number;
}

/** Each partition's earliest retained offset and high watermark, in partition order. */
export async function readTopicOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map(({ partition, low, high }) => ({ partition, earliest: Number(low), end: Number(high) }))
    .sort((a, b) => a.partition - b.partition);
}

/** The given topics that exist: asking the admin about a missing one fails the whole request. */
export async function existingTopics(admin: Admin, topics: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return topics.filter((topic) => existing.has(topic));
}
