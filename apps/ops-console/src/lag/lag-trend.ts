import type { ConsumerGroupLagV1 } from '@tributary/contracts';

export interface LagPoint {
  at: string;
  lag: number;
}

/**
 * The recent total lag of each (group, topic), oldest first, at most
 * `maxSamples` each. A group missing from a sample is forgotten, so memory is
 * bounded by the groups that exist now times the samples kept.
 */
export class LagTrend {
  private readonly series = new Map<string, LagPoint[]>();

  constructor(private readonly maxSamples: number) {
    if (!Number.isInteger(maxSamples) || maxSamples < 2)
      throw new RangeError(`a lag trend keeps a whole number of samples, at least 2, not ${maxSamples}`);
  }

  record(groups: readonly Pick<ConsumerGroupLagV1, 'group' | 'topic' | 'lag'>[], at: Date): void {
    const seen = new Set<string>();
    for (const { group, topic, lag } of groups) {
      const key = keyOf(group, topic);
      seen.add(key);
      const points = this.series.get(key) ?? [];
      points.push({ at: at.toISOString(), lag });
      if (points.length > this.maxSamples) points.splice(0, points.length - this.maxSamples);
      this.series.set(key, points);
    }
    for (const key of this.series.keys()) if (!seen.has(key)) this.series.delete(key);
  }

  of(group: string, topic: string): LagPoint[] {
    return [...(this.series.get(keyOf(group, topic)) ?? [])];
  }

  /** The groups of an overview, each with the trend sampled so far. */
  withTrend(groups: readonly ConsumerGroupLagV1[]): ConsumerGroupLagV1[] {
    return groups.map((group) => ({ ...group, trend: this.of(group.group, group.topic) }));
  }
}

// A NUL never occurs in a Kafka group or topic name.
const keyOf = (group: string, topic: string) => `${group}\u0000${topic}`;
