import { randomUUID } from 'node:crypto';
import {
  SEARCH_LIMITS,
  type FusionV1,
  type ParsedSearchRequestV1,
  type QueryLogEntryV1,
  type ResolvedFusion,
  type SearchResponseV1,
} from '@tributary/contracts';
import type { ChunkSearchFilter, ChunkSearchRequest, ChunkSearchResult } from '@tributary/search-data-access';
import { rankChunks } from './chunk-ranking';
import { groupByDocument, type DocumentGroup } from './document-hits';
import { DEFAULT_FUSION, resolveFusion, type FusionDefaults } from './fusion-settings';
import type { QueryTargets } from './query-targets';
import type { SearchCaller } from './search-caller';
import { decodeCursor, encodeCursor, queryFingerprint } from './search-cursor';

/** The index as the search service needs it (ChunkSearchRepository in production). */
export interface ChunkRetriever {
  search(request: ChunkSearchRequest): Promise<ChunkSearchResult>;
}

/** Where answered queries go for the fine-tune jobs (QueryLogRepository in production). */
export interface QueryLog {
  record(entry: QueryLogEntryV1): Promise<void>;
}

export interface HybridSearchOptions {
  fusion: FusionDefaults;
  /** Chunks fetched per retriever for each document a page needs: documents have several chunks. */
  candidatesPerHit: number;
  maxCandidates: number;
  chunksPerHit: number;
}

export const DEFAULT_HYBRID_SEARCH_OPTIONS: HybridSearchOptions = {
  fusion: DEFAULT_FUSION,
  candidatesPerHit: 5,
  maxCandidates: 5000,
  chunksPerHit: 3,
};

/** Fetches deeper at most this many times when a page comes up short of documents. */
const MAX_DEEPENINGS = 2;

/**
 * Hybrid retrieval: BM25 and kNN over chunks in one round trip, fused by RRF or
 * normalized linear fusion, one hit per document, paged by cursor.
 */
export class HybridSearchService {
  constructor(
    private readonly retriever: ChunkRetriever,
    private readonly targets: QueryTargets,
    private readonly options: HybridSearchOptions = DEFAULT_HYBRID_SEARCH_OPTIONS,
    private readonly queryLog?: QueryLog,
  ) {}

  async search(
    request: ParsedSearchRequestV1,
    caller: SearchCaller,
    tenantFusion?: FusionV1,
  ): Promise<SearchResponseV1> {
    const started = performance.now();
    const fusion =
      request.mode === 'hybrid'
        ? resolveFusion(request.fusion, tenantFusion, this.options.fusion)
        : undefined;
    const filter = toChunkFilter(request, caller);
    const fingerprint = queryFingerprint([request.query, request.mode, fusion, filter, caller.keyId]);
    const seen = request.cursor ? decodeCursor(request.cursor, fingerprint).seen : [];
    const target = await this.targets.current();
    const vector = request.mode === 'bm25' ? undefined : await target.embedQuery(request.query);
    const { groups, exhausted } = await this.fetchPage(
      request,
      filter,
      target.index,
      vector,
      fusion,
      new Set(seen),
    );
    const page = groups.slice(0, request.topK);
    const returned = seen.length + page.length;
    const more = (groups.length > page.length || !exhausted) && page.length > 0;
    const response: SearchResponseV1 = {
      queryId: randomUUID(),
      tookMs: 0,
      mode: request.mode,
      ...(fusion ? { fusion } : {}),
      hits: page.map((group) => group.hit),
      ...(more && returned < SEARCH_LIMITS.pageDepthMax
        ? { nextCursor: encodeCursor({ fingerprint, seen: [...seen, ...page.map((group) => group.hash)] }) }
        : {}),
    };
    response.tookMs = Math.round(performance.now() - started);
    await this.queryLog?.record({
      queryId: response.queryId,
      tenant: caller.tenant,
      keyId: caller.keyId,
      query: request.query,
      mode: request.mode,
      page: Math.floor(seen.length / request.topK) + 1,
      hits: response.hits.map(({ source, docId }) => ({ source, docId })),
      latencyMs: response.tookMs,
      at: new Date().toISOString(),
    });
    return response;
  }

  /** Fetches enough chunks to fill a page with unseen documents, deepening when it comes up short. */
  private async fetchPage(
    request: ParsedSearchRequestV1,
    filter: ChunkSearchFilter,
    index: string | undefined,
    vector: number[] | undefined,
    fusion: ResolvedFusion | undefined,
    seen: ReadonlySet<string>,
  ): Promise<{ groups: DocumentGroup[]; exhausted: boolean }> {
    const { candidatesPerHit, maxCandidates, chunksPerHit } = this.options;
    let size = Math.min((seen.size + request.topK) * candidatesPerHit, maxCandidates);
    for (let deepening = 0; ; deepening++) {
      const result = await this.retriever.search({
        ...(index ? { index } : {}),
        size,
        filter,
        ...(request.mode !== 'vector' ? { text: request.query } : {}),
        ...(vector ? { vector } : {}),
      });
      const groups = groupByDocument(rankChunks(result, fusion), seen, chunksPerHit, request.explain);
      // A retriever that returned fewer chunks than asked has nothing further down.
      const exhausted = (result.bm25 ?? []).length < size && (result.vector ?? []).length < size;
      if (groups.length >= request.topK || exhausted || size >= maxCandidates || deepening === MAX_DEEPENINGS)
        return { groups, exhausted };
      size = Math.min(size * 4, maxCandidates);
    }
  }
}

function toChunkFilter(request: ParsedSearchRequestV1, caller: SearchCaller): ChunkSearchFilter {
  const { source, uriPrefix, metadata } = request.filter ?? {};
  return {
    tenant: caller.tenant,
    principals: [...caller.principals].sort(),
    ...(source !== undefined ? { sources: Array.isArray(source) ? source : [source] } : {}),
    ...(uriPrefix !== undefined ? { uriPrefix } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}
