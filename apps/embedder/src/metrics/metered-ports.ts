// Timing decorators around the ports DocumentIndexingService writes through, so the service itself stays unaware of metrics.
import type { EmbeddingProvider } from '@tributary/embeddings';
import type { ChunkStore, DocumentStateStore, WriteTargets } from '@tributary/indexing';
import { secondsSince, type EmbedderMetrics, type EmbedderStage } from './embedder-metrics';

async function timed<T>(metrics: EmbedderMetrics, stage: EmbedderStage, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    metrics.observeStage(stage, secondsSince(started));
  }
}

/** Chunk writes count as `write`, the stored-vector lookups as `read`. */
export function meteredChunkStore(store: ChunkStore, metrics: EmbedderMetrics): ChunkStore {
  return {
    writeMany: (writes) => timed(metrics, 'write', () => store.writeMany(writes)),
    storedEmbeddings: (documents, index) =>
      timed(metrics, 'read', () => store.storedEmbeddings(documents, index)),
  };
}

/**
 * State writes count as `write`; once one succeeded, each applied event in it
 * is as fresh as it will get: its freshness is observed from its occurredAt.
 */
export function meteredStateStore(store: DocumentStateStore, metrics: EmbedderMetrics): DocumentStateStore {
  return {
    getMany: (keys) => timed(metrics, 'read', () => store.getMany(keys)),
    saveMany: async (entries) => {
      await timed(metrics, 'write', () => store.saveMany(entries));
      const now = Date.now();
      for (const { occurredAt } of entries) {
        const occurred = occurredAt === undefined ? Number.NaN : Date.parse(occurredAt);
        if (!Number.isNaN(occurred)) metrics.observeFreshness((now - occurred) / 1000);
      }
    },
  };
}

/** Every target's embedding provider, timed as `embed` (calls with nothing to embed are not observed). */
export function meteredWriteTargets(targets: WriteTargets, metrics: EmbedderMetrics): WriteTargets {
  const wrapped = new WeakMap<EmbeddingProvider, EmbeddingProvider>();
  const meter = (provider: EmbeddingProvider): EmbeddingProvider => {
    let metered = wrapped.get(provider);
    if (!metered) {
      metered = {
        modelId: provider.modelId,
        dimensions: provider.dimensions,
        embedQuery: (text) => provider.embedQuery(text),
        embedDocuments: (texts) =>
          texts.length === 0
            ? provider.embedDocuments(texts)
            : timed(metrics, 'embed', () => provider.embedDocuments(texts)),
      };
      wrapped.set(provider, metered);
    }
    return metered;
  };
  return {
    current: async () =>
      (await targets.current()).map((target) => ({ ...target, embeddings: meter(target.embeddings) })),
  };
}
