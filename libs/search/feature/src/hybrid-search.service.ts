import { randomUUID } from 'node:crypto';
import type { SearchHitV1, SearchRequestV1, SearchResponseV1 } from '@tributary/contracts';
import type { EmbeddingProvider } from '@tributary/embeddings';
import type { ChunkHit, ChunkSearchRequest, ChunkSearchResult } from '@tributary/search-data-access';
import { reciprocalRankFusion } from '@tributary/search-util';

/** The index as the search service needs it (ChunkSearchRepository in production). */
export interface ChunkRetriever {
  search(request: ChunkSearchRequest): Promise<ChunkSearchResult>;
}

export interface HybridSearchOptions {
  rrfK: number;
  /** Chunks fetched per retriever for each requested hit: documents have several chunks. */
  candidatesPerHit: number;
  maxCandidates: number;
  chunksPerHit: number;
}

export const DEFAULT_HYBRID_SEARCH_OPTIONS: HybridSearchOptions = {
  rrfK: 60,
  candidatesPerHit: 5,
  maxCandidates: 500,
  chunksPerHit: 3,
};

const SNIPPET_LENGTH = 240;

/** Hybrid retrieval: BM25 and kNN over chunks, fused by reciprocal rank, one hit per document. */
export class HybridSearchService {
  constructor(
    private readonly retriever: ChunkRetriever,
    private readonly embeddings: EmbeddingProvider,
    private readonly options: HybridSearchOptions = DEFAULT_HYBRID_SEARCH_OPTIONS,
  ) {}

  async search(request: SearchRequestV1): Promise<SearchResponseV1> {
    const started = performance.now();
    const size = Math.min(request.topK * this.options.candidatesPerHit, this.options.maxCandidates);
    const sources = request.filter?.source;
    const result = await this.retriever.search({
      size,
      ...(request.mode !== 'vector' ? { text: request.query } : {}),
      ...(request.mode !== 'bm25' ? { vector: await this.embeddings.embedQuery(request.query) } : {}),
      ...(sources ? { filter: { sources: Array.isArray(sources) ? sources : [sources] } } : {}),
    });
    const ranked = this.rank(result);
    return {
      queryId: randomUUID(),
      tookMs: Math.round(performance.now() - started),
      hits: groupByDocument(ranked, request.topK, this.options.chunksPerHit),
    };
  }

  /** Chunks best first with their fused (or single-retriever) score. */
  private rank(result: ChunkSearchResult): Array<ChunkHit & { fused: number }> {
    const byId = new Map<string, ChunkHit>();
    for (const hit of [...(result.bm25 ?? []), ...(result.vector ?? [])])
      if (!byId.has(hit.id)) byId.set(hit.id, hit);
    const lists = (['bm25', 'vector'] as const)
      .filter((retriever) => result[retriever] !== undefined)
      .map((retriever) => ({ retriever, hits: result[retriever] ?? [] }));
    if (lists.length === 1) return (lists[0]?.hits ?? []).map((hit) => ({ ...hit, fused: hit.score }));
    const fused = reciprocalRankFusion(
      lists.map(({ retriever, hits }) => ({ retriever, ids: hits.map((hit) => hit.id) })),
      this.options.rrfK,
    );
    // BM25 highlights are kept even when the vector list holds the same chunk.
    return fused.map(({ id, score }) => {
      const hit = byId.get(id) as ChunkHit;
      const highlighted = result.bm25?.find((candidate) => candidate.id === id);
      return { ...hit, highlights: highlighted?.highlights ?? hit.highlights, fused: score };
    });
  }
}

function groupByDocument(
  chunks: Array<ChunkHit & { fused: number }>,
  topK: number,
  chunksPerHit: number,
): SearchHitV1[] {
  const hits = new Map<string, SearchHitV1>();
  for (const chunk of chunks) {
    const key = `${chunk.source}\u0000${chunk.docId}`;
    const hit = hits.get(key);
    if (hit) {
      if (hit.chunks.length < chunksPerHit)
        hit.chunks.push({ chunk: chunk.chunk, text: chunk.text, score: chunk.fused });
      continue;
    }
    if (hits.size === topK) continue;
    hits.set(key, {
      source: chunk.source,
      docId: chunk.docId,
      title: chunk.title,
      uri: chunk.uri,
      score: chunk.fused,
      snippet: chunk.highlights[0] ?? escapeHtml(truncate(chunk.text, SNIPPET_LENGTH)),
      chunks: [{ chunk: chunk.chunk, text: chunk.text, score: chunk.fused }],
    });
  }
  return [...hits.values()];
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length).replace(/\s+\S*$/, '')}…`;
}

/** Snippets are HTML-safe: document text is escaped and only <em> marks matches. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
