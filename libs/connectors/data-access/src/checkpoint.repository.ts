import type { Redis } from 'ioredis';

/** What the runner remembers of one document between runs. */
export interface Checkpoint {
  /** The version the source reported (mtime, row version): change detection compares it. */
  sourceVersion: number;
  /** The version the runner published, which may be higher when a source version went backwards. */
  publishedVersion: number;
  /** The connector's validator for the document (an HTTP ETag), if it keeps one. */
  validator?: string;
}

/** The checkpoints of a source: every document it published and still believes present. */
export interface CheckpointStore {
  load(source: string): Promise<Map<string, Checkpoint>>;
  record(source: string, checkpoints: ReadonlyMap<string, Checkpoint>): Promise<void>;
  forget(source: string, docIds: readonly string[]): Promise<void>;
}

/**
 * Checkpoints in one Redis hash per source instance:
 * docId -> "sourceVersion:publishedVersion[:validator]" (the validator may itself hold colons).
 */
export class RedisCheckpointRepository implements CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tributary:connector',
  ) {}

  private key(source: string): string {
    return `${this.prefix}:${source}:versions`;
  }

  async load(source: string): Promise<Map<string, Checkpoint>> {
    const stored = await this.redis.hgetall(this.key(source));
    return new Map(
      Object.entries(stored).map(([docId, value]) => {
        const [sourceText = '0', publishedText = sourceText, ...rest] = value.split(':');
        const checkpoint: Checkpoint = {
          sourceVersion: Number(sourceText),
          publishedVersion: Number(publishedText),
        };
        if (rest.length > 0) checkpoint.validator = rest.join(':');
        return [docId, checkpoint];
      }),
    );
  }

  async record(source: string, checkpoints: ReadonlyMap<string, Checkpoint>): Promise<void> {
    if (checkpoints.size === 0) return;
    const fields = [...checkpoints].map(([docId, c]) => {
      const value = `${c.sourceVersion}:${c.publishedVersion}`;
      return [docId, c.validator === undefined ? value : `${value}:${c.validator}`];
    });
    await this.redis.hset(this.key(source), Object.fromEntries(fields));
  }

  async forget(source: string, docIds: readonly string[]): Promise<void> {
    if (docIds.length === 0) return;
    await this.redis.hdel(this.key(source), ...docIds);
  }
}
