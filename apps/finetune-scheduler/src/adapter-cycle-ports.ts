import type { Client } from '@elastic/elasticsearch';
import type { EmbeddingProviders } from '@tributary/embeddings';
import type { AdapterCyclePorts } from '@tributary/finetune';
import type { ModelRegistryRepository } from '@tributary/finetune-data-access';
import { ChunkSearchRepository, TrainingChunkRepository } from '@tributary/search-data-access';

/** Chunks a kNN search returns for evaluation; their documents, in rank order, are what is scored. */
const EVALUATION_CHUNKS = 100;

/**
 * The adapter cycle's view of one concrete index: the base model's query
 * vectors, training chunks, and vector retrieval as the gateway does it
 * (public documents of the plan's tenant).
 */
export function adapterCyclePorts(
  es: Client,
  providers: EmbeddingProviders,
  registry: ModelRegistryRepository,
): (index: string, model: string, tenant: string) => Promise<AdapterCyclePorts> {
  const chunks = new TrainingChunkRepository(es);
  // Every search names its concrete index; the alias argument is never used.
  const search = new ChunkSearchRepository(es, '');
  return async (index, model, tenant) => {
    const provider = await providers.get(model);
    return {
      embedQuery: (text) => provider.embedQuery(text),
      chunksOf: (documents) => chunks.chunksOf(index, documents),
      registry,
      ranker: {
        rank: async (vector, size) => {
          const result = await search.search({
            index,
            vector,
            size: Math.max(size, EVALUATION_CHUNKS),
            filter: { tenant, principals: [] },
          });
          return [...new Set((result.vector ?? []).map((hit) => `${hit.source}\u0000${hit.docId}`))];
        },
      },
    };
  };
}
