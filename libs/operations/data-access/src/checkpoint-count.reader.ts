import type { Redis } from 'ioredis';

/**
 * How many documents each connector source remembers (its checkpoints,
 * tombstones included): HLEN of the hash RedisCheckpointRepository writes,
 * `${prefix}:${source}:versions`, without loading it (a source may hold millions).
 */
export class CheckpointCountReader {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tributary:connector',
  ) {}

  /** One round trip for every source; a source with no checkpoints counts 0. */
  async count(sources: readonly string[]): Promise<Map<string, number>> {
    if (sources.length === 0) return new Map();
    const pipeline = this.redis.pipeline();
    for (const source of sources) pipeline.hlen(`${this.prefix}:${source}:versions`);
    const replies = (await pipeline.exec()) ?? [];
    return new Map(
      sources.map((source, i) => {
        const [error, count] = replies[i] ?? [new Error('no reply'), 0];
        if (error) throw error;
        return [source, Number(count)];
      }),
    );
  }
}
