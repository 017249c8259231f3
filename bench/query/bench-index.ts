import { TEST_INDEX_ENV } from '@tributary/testing';
import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_TENANT } from '@tributary/contracts';
import type { EmbeddingProvider } from '@tributary/embeddings';
import {
  bulkWrite,
  ChunkIndexRepository,
  ChunkRepository,
  type ChunkDocument,
  type ChunkWrite,
} from '@tributary/search-data-access';
import { BENCH_SOURCE_PREFIX, type BenchDocument } from './bench-corpus';

// The embedder's default BATCH_SIZE per bulk request; two in flight keep Elasticsearch busy while the next is embedded.
const DOCUMENTS_PER_BULK = 250;
const BULKS_IN_FLIGHT = 2;
const REMOVE_PAGE = 10_000;
const SETTLE_TIMEOUT_MS = 300_000;

const benchSources = { prefix: { source: BENCH_SOURCE_PREFIX } };

/** The bench's chunks in the real chunks alias, written and removed with the project's own data access. */
export class BenchIndex {
  private readonly chunks: ChunkRepository;

  constructor(
    private readonly es: Client,
    private readonly embeddings: EmbeddingProvider,
    private readonly chunker: string,
  ) {
    this.chunks = new ChunkRepository(es, TEST_INDEX_ENV.CHUNKS_ALIAS);
  }

  /** The index behind the alias, created as the apps create it when there is none yet. */
  async ensure(): Promise<string> {
    const { index } = await new ChunkIndexRepository(this.es, TEST_INDEX_ENV.CHUNKS_ALIAS).ensure(
      this.embeddings.modelId,
      this.embeddings.dimensions,
    );
    return index;
  }

  async count(scope: 'bench' | 'all'): Promise<number> {
    await this.es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
    const response = await this.es.count({
      index: TEST_INDEX_ENV.CHUNKS_ALIAS,
      ...(scope === 'bench' ? { query: benchSources } : {}),
    });
    return response.count;
  }

  /** Embeds and bulk-writes the documents' chunks; deterministic ids make a rerun an overwrite. */
  async load(documents: readonly BenchDocument[], progress: (written: number) => void): Promise<number> {
    const indexedAt = new Date().toISOString();
    const batches = Math.ceil(documents.length / DOCUMENTS_PER_BULK);
    let next = 0;
    let written = 0;
    const worker = async () => {
      for (let batch = next++; batch < batches; batch = next++) {
        const slice = documents.slice(batch * DOCUMENTS_PER_BULK, (batch + 1) * DOCUMENTS_PER_BULK);
        const writes = await this.toWrites(slice, indexedAt);
        await this.chunks.writeMany(writes);
        written += writes.reduce((sum, write) => sum + write.chunks.length, 0);
        if (batch % 40 === 0) progress(written);
      }
    };
    await Promise.all(Array.from({ length: BULKS_IN_FLIGHT }, worker));
    return written;
  }

  /** Visible to search, and no merge still running to compete with the queries for the CPU. */
  async settle(): Promise<void> {
    await this.es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const stats = await this.es.indices.stats({ index: TEST_INDEX_ENV.CHUNKS_ALIAS, metric: 'merge' });
      if ((stats._all.total?.merges?.current ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /**
   * Deletes every bench chunk by id: the local stack's Elasticsearch has no
   * _delete_by_query (no reindex module). Returns how many were deleted.
   */
  async remove(): Promise<number> {
    let removed = 0;
    for (;;) {
      await this.es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
      const page = await this.es.search({
        index: TEST_INDEX_ENV.CHUNKS_ALIAS,
        size: REMOVE_PAGE,
        _source: false,
        query: benchSources,
      });
      const hits = page.hits.hits;
      if (hits.length === 0) return removed;
      await bulkWrite(
        this.es,
        hits.map((hit) => ({ delete: { _index: hit._index, _id: hit._id } })),
      );
      removed += hits.length;
    }
  }

  private async toWrites(documents: readonly BenchDocument[], indexedAt: string): Promise<ChunkWrite[]> {
    // As the embedder does: the title gives every chunk's vector the document's context.
    const vectors = await this.embeddings.embedDocuments(
      documents.flatMap((doc) => doc.chunks.map((piece) => `${doc.title}\n\n${piece.text}`)),
    );
    let v = 0;
    return documents.map((doc) => ({
      source: doc.source,
      docId: doc.docId,
      version: 1,
      remove: [],
      chunks: doc.chunks.map((piece): ChunkDocument => ({
        source: doc.source,
        tenant: DEFAULT_TENANT,
        docId: doc.docId,
        chunk: piece.chunk,
        title: doc.title,
        text: piece.text,
        uri: doc.uri,
        metadata: {},
        version: 1,
        embedding: vectors[v++] ?? [],
        model: this.embeddings.modelId,
        chunker: this.chunker,
        indexedAt,
      })),
    }));
  }
}
