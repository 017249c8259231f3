import type { Client } from '@elastic/elasticsearch';
import { ChunkIndexTargets, type ChunkIndexTarget } from './chunk-index-targets';

export interface IndexTargetOverview extends ChunkIndexTarget {
  chunks: number;
  /** Primary store size on disk. */
  bytes: number;
}

export interface IndexOverview {
  alias: string;
  /** The active index first, then a migration's next and previous; empty before the first index exists. */
  targets: IndexTargetOverview[];
  /** Documents the index holds: document states that are not tombstones. */
  documents: number;
}

/** What the chunks index holds, for `tributary index status`, `tributary status` and the console. */
export class IndexOverviewReader {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly documentStateIndex: string,
  ) {}

  async read(): Promise<IndexOverview> {
    const [targets, documents] = await Promise.all([this.targets(), this.documents()]);
    return { alias: this.alias, targets, documents };
  }

  /** Each index with a role, with its chunk count and size on disk. */
  async targets(): Promise<IndexTargetOverview[]> {
    // No cache: an operator asking twice should see the second answer fresh.
    const targets = await new ChunkIndexTargets(this.client, this.alias, 0).all();
    if (targets.length === 0) return [];
    const stats = await this.client.indices.stats({
      index: targets.map((target) => target.index),
      metric: ['docs', 'store'],
    });
    return targets.map((target) => {
      const primaries = stats.indices?.[target.index]?.primaries;
      return {
        ...target,
        chunks: primaries?.docs?.count ?? 0,
        bytes: primaries?.store?.size_in_bytes ?? 0,
      };
    });
  }

  /** Live documents; 0 before the state index exists. */
  async documents(): Promise<number> {
    const response = await this.client.count(
      { index: this.documentStateIndex, query: { term: { deleted: false } } },
      { ignore: [404] },
    );
    return response.count ?? 0;
  }
}
