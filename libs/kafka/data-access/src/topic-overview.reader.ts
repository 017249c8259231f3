import type { Admin } from 'kafkajs';
import { existingTopics, readTopicOffsets } from './topic-offsets';

export interface TopicOverview {
  name: string;
  partitions: { partition: number; leader: number; replicas: number; earliest: number; end: number }[];
  /** Messages held now: Σ (end − earliest). */
  messages: number;
}

/** Partitions of the given topics with leader, replica count and retained offsets. Missing topics are left out. */
export class TopicOverviewReader {
  constructor(private readonly admin: Admin) {}

  async read(topics: readonly string[]): Promise<TopicOverview[]> {
    const present = await existingTopics(this.admin, topics);
    if (present.length === 0) return [];
    const [{ topics: metadata }, offsets] = await Promise.all([
      this.admin.fetchTopicMetadata({ topics: present }),
      Promise.all(present.map((topic) => readTopicOffsets(this.admin, topic))),
    ]);
    return present.map((name, i) => {
      const partitions = new Map(
        (metadata.find((topic) => topic.name === name)?.partitions ?? []).map((p) => [p.partitionId, p]),
      );
      const rows = (offsets[i] ?? []).map(({ partition, earliest, end }) => ({
        partition,
        leader: partitions.get(partition)?.leader ?? -1,
        replicas: partitions.get(partition)?.replicas.length ?? 0,
        earliest,
        end,
      }));
      return { name, partitions: rows, messages: rows.reduce((sum, p) => sum + p.end - p.earliest, 0) };
    });
  }
}
