import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import { existingTopics, readTopicOffsets, type PartitionOffsets } from './topic-offsets';

export interface PartitionLag {
  partition: number;
  /** Next offset the group will read; -1 when it never committed on this partition. */
  committed: number;
  end: number;
  lag: number;
}

export interface ConsumerGroupLag {
  group: string;
  topic: string;
  state: string;
  members: number;
  lag: number;
  partitions: PartitionLag[];
}

/**
 * Groups that only read offset ranges once (DLQ listing, inspect) and never
 * commit: they come and go within seconds, and their "lag" means nothing.
 */
const THROWAWAY_GROUP_PREFIX = 'tributary.offset-range-reader.';

/**
 * Lag per consumer group and partition on the given topics, read from the
 * broker (what `kafka-consumer-groups --describe` shows). A group counts for a
 * topic when it committed offsets on it or a member subscribes to it, so a
 * group that just joined shows its whole backlog before its first commit.
 */
export class ConsumerLagReader {
  constructor(private readonly admin: Admin) {}

  async read(topics: readonly string[]): Promise<ConsumerGroupLag[]> {
    const present = await existingTopics(this.admin, topics);
    if (present.length === 0) return [];
    const [{ groups }, ends] = await Promise.all([
      this.admin.listGroups(),
      Promise.all(present.map(async (topic) => [topic, await readTopicOffsets(this.admin, topic)] as const)),
    ]);
    const groupIds = groups
      // Groups that only commit (admin resets, the DLQ operator group) report an empty protocol type.
      .filter(({ protocolType }) => protocolType === 'consumer' || protocolType === '')
      .map(({ groupId }) => groupId)
      .filter((groupId) => !groupId.startsWith(THROWAWAY_GROUP_PREFIX));
    if (groupIds.length === 0) return [];
    const { groups: described } = await this.admin.describeGroups(groupIds);
    const endsByTopic = new Map(ends);
    const lags = await Promise.all(described.map((group) => this.groupLag(group, present, endsByTopic)));
    return lags.flat().sort((a, b) => a.topic.localeCompare(b.topic) || a.group.localeCompare(b.group));
  }

  private async groupLag(
    group: GroupDescription,
    topics: readonly string[],
    ends: ReadonlyMap<string, PartitionOffsets[]>,
  ): Promise<ConsumerGroupLag[]> {
    const committed = await this.admin.fetchOffsets({ groupId: group.groupId, topics: [...topics] });
    const subscribed = subscribedTopics(group);
    return committed.flatMap(({ topic, partitions }) => {
      const marks = new Map(partitions.map(({ partition, offset }) => [partition, Number(offset)]));
      const hasCommits = [...marks.values()].some((offset) => offset >= 0);
      if (!hasCommits && !subscribed.has(topic)) return [];
      const lags = (ends.get(topic) ?? []).map((offsets) =>
        partitionLag(offsets, marks.get(offsets.partition) ?? -1),
      );
      return [
        {
          group: group.groupId,
          topic,
          state: group.state,
          members: group.members.length,
          lag: lags.reduce((sum, { lag }) => sum + lag, 0),
          partitions: lags,
        },
      ];
    });
  }
}

/**
 * With no commit the group will read the whole retained partition. A commit
 * behind the earliest offset (retention deleted what it had not read) counts
 * only what is still there to read.
 */
export function partitionLag(
  { partition, earliest, end }: PartitionOffsets,
  committed: number,
): PartitionLag {
  const from = committed < 0 ? earliest : Math.max(committed, earliest);
  return { partition, committed: committed < 0 ? -1 : committed, end, lag: Math.max(0, end - from) };
}

function subscribedTopics(group: GroupDescription): Set<string> {
  const topics = new Set<string>();
  for (const member of group.members) {
    try {
      const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
      for (const topic of metadata?.topics ?? []) topics.add(topic);
    } catch {
      // A member of another protocol (Connect, a stream app's leader metadata): nothing we can read.
    }
  }
  return topics;
}
