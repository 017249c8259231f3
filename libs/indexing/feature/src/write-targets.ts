import type { EmbeddingProvider, EmbeddingProviders } from '@tributary/embeddings';
import { NoChunkIndexError, type ChunkIndexTargets } from '@tributary/search-data-access';

/** An index the embedder writes each change to, with the model its chunks are embedded by. */
export interface WriteTarget {
  /** The concrete index; undefined writes through the alias (tests). */
  index?: string;
  /** Versioned writes (external_gte): set for an index a migration is still filling. */
  versioned: boolean;
  embeddings: EmbeddingProvider;
}

/** Where changes go now: the active index first. */
export interface WriteTargets {
  current(): Promise<WriteTarget[]>;
}

/** One index through the alias, one model: what a service without migrations (and a test) uses. */
export const singleWriteTarget = (embeddings: EmbeddingProvider): WriteTargets => ({
  current: async () => [{ versioned: false, embeddings }],
});

/**
 * Follows the chunk index aliases: the active index, the next one while a
 * migration builds it, and the previous one while it is kept for rollback,
 * each embedded by its own model.
 */
export class AliasWriteTargets implements WriteTargets {
  constructor(
    private readonly indexes: ChunkIndexTargets,
    private readonly providers: EmbeddingProviders,
  ) {}

  async current(): Promise<WriteTarget[]> {
    const targets = await this.indexes.all();
    if (targets[0]?.role !== 'active') throw new NoChunkIndexError(this.indexes.alias);
    return Promise.all(
      targets.map(async ({ index, role, model }) => ({
        index,
        versioned: role === 'next',
        embeddings: await this.providers.get(model),
      })),
    );
  }
}
