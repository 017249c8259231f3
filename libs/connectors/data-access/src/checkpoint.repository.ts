import type { Redis } from 'ioredis';

/** What the runner remembers of a source between runs: the version of each document it published. */
export interface CheckpointStore {
  versions(source: string): Promise<Map<string, number>>;
  record(source: string, versions: ReadonlyMap<string, number>): Promise<void>;
  forget(source: string, docIds: readonly string[]): Promise<void>;
}

/** Checkpoints in a Redis hash per source instance: docId -> version. */
export class RedisCheckpointRepository implements CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tributary:connector',
  ) {}

  private key(source: string): string {
    return `${this.prefix}:${source}:versions`;
  }

  async versions(source: string): Promise<Map<string, number>> {
    const stored = await this.redis.hgetall(this.key(source));
    return new Map(Object.entries(stored).map(([docId, version]) => [docId, Number(version)]));
  }

  async record(source: string, versions: ReadonlyMap<string, number>): Promise<void> {
    if (versions.size === 0) return;
    await this.redis.hset(
      this.key(source),
      Object.fromEntries([...versions].map(([id, v]) => [id, String(v)])),
    );
  }

  async forget(source: string, docIds: readonly string[]): Promise<void> {
    if (docIds.length === 0) return;
    await this.redis.hdel(this.key(source), ...docIds);
  }
}
