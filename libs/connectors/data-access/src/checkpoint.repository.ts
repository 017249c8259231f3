import type { Redis } from 'ioredis';

/** What the runner remembers of one document between runs. */
export interface Checkpoint {
  /** The version the source reported (mtime, row version): change detection compares it. */
  sourceVersion: number;
  /** The version the runner published, which may be higher when a source version went backwards. */
  publishedVersion: number;
  /** The connector's validator for the document (an HTTP ETag), if it keeps one. */
  validator?: string;
  /**
   * A tombstone: the runner published a delete at `publishedVersion`. Kept so a
   * document that comes back (a restored file with its old mtime) is published
   * above its delete, which the index would otherwise keep.
   */
  deleted?: boolean;
}

/** The checkpoints of a source: every document it published, tombstones included. */
export interface CheckpointStore {
  load(source: string): Promise<Map<string, Checkpoint>>;
  record(source: string, checkpoints: ReadonlyMap<string, Checkpoint>): Promise<void>;
}

export const tombstone = (publishedVersion: number): Checkpoint => ({
  sourceVersion: -1,
  publishedVersion,
  deleted: true,
});

/** The checkpoints of documents the source still had last time (tombstones left out). */
export function liveCheckpoints(known: ReadonlyMap<string, Checkpoint>): Map<string, Checkpoint> {
  return new Map([...known].filter(([, checkpoint]) => !checkpoint.deleted));
}

/**
 * Checkpoints in one Redis hash per source instance:
 * docId -> "sourceVersion:publishedVersion[:validator]" (the validator may itself
 * hold colons), or "deleted:publishedVersion" for a tombstone.
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
        if (sourceText === 'deleted') return [docId, tombstone(Number(publishedText))];
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
      if (c.deleted) return [docId, `deleted:${c.publishedVersion}`];
      const value = `${c.sourceVersion}:${c.publishedVersion}`;
      return [docId, c.validator === undefined ? value : `${value}:${c.validator}`];
    });
    await this.redis.hset(this.key(source), Object.fromEntries(fields));
  }
}
