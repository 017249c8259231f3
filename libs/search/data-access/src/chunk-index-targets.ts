import type { Client } from '@elastic/elasticsearch';

/**
 * The chunks indices services write to and search, found through aliases:
 *   <alias>           the active index, searched by the gateway;
 *   <alias>-next      the index a model migration is building (written to as well);
 *   <alias>-previous  the index a migration replaced, kept in step for rollback.
 * Each index records its embedding model in its mapping's _meta.
 */
export type ChunkIndexRole = 'active' | 'next' | 'previous';

export interface ChunkIndexTarget {
  role: ChunkIndexRole;
  index: string;
  model: string;
  dimensions: number;
}

export const chunkIndexAliases = (alias: string): Record<ChunkIndexRole, string> => ({
  active: alias,
  next: `${alias}-next`,
  previous: `${alias}-previous`,
});

export class NoChunkIndexError extends Error {
  constructor(alias: string) {
    super(`there is no chunks index behind alias ${alias} yet: start the embedder, which creates it`);
    this.name = 'NoChunkIndexError';
  }
}

const ROLES: readonly ChunkIndexRole[] = ['active', 'next', 'previous'];

/**
 * Reads which index holds which role, at most once per `ttlMs`: a migration's
 * alias swap reaches every service within that time. An index's model never
 * changes, so its _meta is read once.
 */
export class ChunkIndexTargets {
  private cached?: { at: number; targets: Promise<ChunkIndexTarget[]> };
  private readonly meta = new Map<string, { model: string; dimensions: number }>();

  constructor(
    private readonly client: Client,
    readonly alias: string,
    private readonly ttlMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every index with a role, the active one first; empty before the first index exists. */
  all(): Promise<ChunkIndexTarget[]> {
    if (!this.cached || this.now() - this.cached.at >= this.ttlMs) {
      const targets = this.read();
      this.cached = { at: this.now(), targets };
      targets.catch(() => (this.cached = undefined));
    }
    return this.cached.targets;
  }

  async active(): Promise<ChunkIndexTarget> {
    const [active] = await this.all();
    if (active?.role !== 'active') throw new NoChunkIndexError(this.alias);
    return active;
  }

  /** Forgets what was read, so the next call sees a change made by this process at once. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async read(): Promise<ChunkIndexTarget[]> {
    const names = chunkIndexAliases(this.alias);
    const byIndex = await this.client.indices.getAlias({ name: `${this.alias}*` }, { ignore: [404] });
    const targets: ChunkIndexTarget[] = [];
    for (const role of ROLES) {
      const index = Object.keys(byIndex).find((name) => names[role] in (byIndex[name]?.aliases ?? {}));
      if (index) targets.push({ role, index, ...(await this.metaOf(index)) });
    }
    return targets;
  }

  private async metaOf(index: string) {
    let meta = this.meta.get(index);
    if (!meta) {
      const mapping = await this.client.indices.getMapping({ index });
      const stored = mapping[index]?.mappings._meta as { model?: string; dimensions?: number } | undefined;
      if (!stored?.model || !stored.dimensions)
        throw new Error(`chunks index ${index} records no embedding model in its _meta`);
      meta = { model: stored.model, dimensions: stored.dimensions };
      this.meta.set(index, meta);
    }
    return meta;
  }
}
