import type { Client, estypes } from '@elastic/elasticsearch';
import { filterClauses } from './chunk-filter';

/** A chunk as the fine-tune jobs read it: its text and stored vector. */
export interface TrainingChunk {
  source: string;
  docId: string;
  chunk: number;
  title: string;
  text: string;
  embedding: number[];
}

/** Documents looked up per search request. */
const LOOKUP_BATCH = 500;
const FIELDS = ['source', 'docId', 'chunk', 'title', 'text', 'embedding'];
/** Sampled chunks per search request. */
const SAMPLE_PAGE = 1_000;

/** Reads chunks of one concrete index for training: a seeded random sample, and the chunks of given documents. */
export class TrainingChunkRepository {
  constructor(private readonly client: Client) {}

  /**
   * Public chunks (no ACL: what evaluation can see) of the tenant and sources; the
   * same seed over the same index gives the same sample, so datasets are reproducible.
   */
  async sample(
    index: string,
    tenant: string,
    size: number,
    seed: number,
    sources?: readonly string[],
  ): Promise<TrainingChunk[]> {
    const sampled: TrainingChunk[] = [];
    let after: estypes.SortResults | undefined;
    // Paged: one search returns at most 10,000 hits (max_result_window), and a plan may ask for more.
    while (sampled.length < size) {
      const pageSize = Math.min(SAMPLE_PAGE, size - sampled.length);
      const response = await this.client.search<TrainingChunk>({
        index,
        size: pageSize,
        _source: FIELDS,
        // The chunk's identity breaks score ties, so pages follow one total order.
        sort: ['_score', { source: 'asc' }, { docId: 'asc' }, { chunk: 'asc' }],
        ...(after ? { search_after: after } : {}),
        query: {
          function_score: {
            query: {
              bool: {
                filter: filterClauses({ tenant, principals: [], ...(sources ? { sources } : {}) }),
              },
            },
            functions: [{ random_score: { seed, field: '_seq_no' } }],
            boost_mode: 'replace',
          },
        },
      });
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) sampled.push(hit._source);
      if (hits.length < pageSize) break;
      after = hits[hits.length - 1]?.sort;
    }
    return sampled;
  }

  /** Every chunk of the given documents, grouped by `${source}\u0000${docId}`. */
  async chunksOf(
    index: string,
    documents: readonly { source: string; docId: string }[],
  ): Promise<Map<string, TrainingChunk[]>> {
    const byDocument = new Map<string, TrainingChunk[]>();
    // Callers pass every pair's documents: a popular one would otherwise be fetched (and kept) once per mention.
    const unique = new Map(documents.map((doc) => [`${doc.source}\u0000${doc.docId}`, doc]));
    const wanted = new Set(unique.keys());
    const distinct = [...unique.values()];
    for (let start = 0; start < distinct.length; start += LOOKUP_BATCH) {
      const batch = distinct.slice(start, start + LOOKUP_BATCH);
      let after: estypes.SortResults | undefined;
      for (;;) {
        const response = await this.client.search<TrainingChunk>({
          index,
          size: 1_000,
          _source: FIELDS,
          sort: [{ docId: 'asc' }, { source: 'asc' }, { chunk: 'asc' }],
          ...(after ? { search_after: after } : {}),
          query: {
            bool: {
              filter: [
                { terms: { docId: [...new Set(batch.map((doc) => doc.docId))] } },
                { terms: { source: [...new Set(batch.map((doc) => doc.source))] } },
              ],
            },
          },
        });
        const hits = response.hits.hits;
        for (const hit of hits) {
          const chunk = hit._source;
          if (!chunk) continue;
          const key = `${chunk.source}\u0000${chunk.docId}`;
          // The terms filters match the cross product of sources and ids; keep only the pairs asked for.
          if (!wanted.has(key)) continue;
          const chunks = byDocument.get(key) ?? [];
          chunks.push(chunk);
          byDocument.set(key, chunks);
        }
        if (hits.length < 1_000) break;
        after = hits[hits.length - 1]?.sort;
      }
    }
    for (const chunks of byDocument.values()) chunks.sort((a, b) => a.chunk - b.chunk);
    return byDocument;
  }
}
