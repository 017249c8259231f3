import type { EmbeddingProvider, EmbeddingProviders } from '@tributary/embeddings';
import type { ChunkIndexTargets } from '@tributary/search-data-access';

/** The index a query runs against, and how to embed the query for it: always by that index's own model. */
export interface QueryTarget {
  /** The concrete index; undefined searches through the alias (tests). */
  index?: string;
  model: string;
  /** The live query adapter applied to the query vector, if any. */
  adapter?: string;
  embedQuery(text: string): Promise<number[]>;
}

/** Where the live query adapter of an embedding model comes from (the fine-tune model registry). */
export interface QueryAdapterSource {
  forModel(model: string): Promise<{ id: string; apply(vector: readonly number[]): number[] } | undefined>;
}

export interface QueryTargets {
  current(): Promise<QueryTarget>;
}

/** One provider, the alias: for tests and benchmarks of a fixed index. */
export const fixedQueryTarget = (embeddings: EmbeddingProvider): QueryTargets => ({
  current: async () => ({ model: embeddings.modelId, embedQuery: (text) => embeddings.embedQuery(text) }),
});

/**
 * Follows the active chunks index: after a migration's alias swap (or a
 * rollback), queries move to the new index and its model together, so a query
 * vector always comes from the model of the index it searches.
 */
export class ActiveQueryTarget implements QueryTargets {
  constructor(
    private readonly indexes: ChunkIndexTargets,
    private readonly providers: EmbeddingProviders,
    private readonly adapters?: QueryAdapterSource,
  ) {}

  /**
   * A promoted query adapter maps the model's query vectors; documents keep
   * their vectors, so it applies at once, with no re-index.
   */
  async current(): Promise<QueryTarget> {
    const { index, model } = await this.indexes.active();
    const adapter = await this.adapters?.forModel(model);
    const embed = async (text: string) => (await this.providers.get(model)).embedQuery(text);
    return {
      index,
      model,
      ...(adapter ? { adapter: adapter.id } : {}),
      embedQuery: adapter ? async (text) => adapter.apply(await embed(text)) : embed,
    };
  }
}
