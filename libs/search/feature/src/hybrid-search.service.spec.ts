import { searchRequestV1Schema, type QueryLogEntryV1, type SearchRequestV1 } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import type { ChunkHit, ChunkSearchRequest, ChunkSearchResult } from '@tributary/search-data-access';
import { HybridSearchService, type ChunkRetriever, type QueryLog } from './hybrid-search.service';
import { fixedQueryTarget, type QueryTargets } from './query-targets';
import { InvalidCursorError } from './search-cursor';
import type { SearchCaller } from './search-caller';

const hit = (docId: string, chunk: number, score: number, highlights: string[] = []): ChunkHit => ({
  id: `${docId}:${chunk}`,
  score,
  source: 'docs',
  docId,
  chunk,
  title: docId.toUpperCase(),
  text: `text of ${docId} chunk ${chunk}`,
  uri: `file:///${docId}`,
  highlights,
});

/** Serves fixed rankings, truncated to the requested size as Elasticsearch would. */
class FakeRetriever implements ChunkRetriever {
  requests: ChunkSearchRequest[] = [];
  constructor(private readonly result: ChunkSearchResult) {}
  async search(request: ChunkSearchRequest): Promise<ChunkSearchResult> {
    this.requests.push(request);
    return {
      ...(request.text !== undefined ? { bm25: (this.result.bm25 ?? []).slice(0, request.size) } : {}),
      ...(request.vector !== undefined ? { vector: (this.result.vector ?? []).slice(0, request.size) } : {}),
    };
  }
}

class RecordingLog implements QueryLog {
  entries: QueryLogEntryV1[] = [];
  async record(entry: QueryLogEntryV1): Promise<void> {
    this.entries.push(entry);
  }
}

const caller: SearchCaller = { tenant: 'acme', keyId: 'k1', principals: ['group:eng'] };
const request = (overrides: Partial<SearchRequestV1> = {}) =>
  searchRequestV1Schema.parse({ query: 'a', ...overrides });
/** A request that asks for RRF without its k: the gateway's k applies. */
const rrf = (overrides: Partial<SearchRequestV1> = {}) =>
  request({ fusion: { method: 'rrf' }, ...overrides });

describe('HybridSearchService', () => {
  const embeddings = fixedQueryTarget(new HashingEmbeddingProvider(16));
  const result: ChunkSearchResult = {
    bm25: [hit('a', 0, 9, ['<em>a</em> zero']), hit('b', 0, 5), hit('a', 1, 4)],
    vector: [hit('b', 0, 0.9), hit('c', 2, 0.8), hit('a', 0, 0.7)],
  };

  it('searches the index the query target names, with a vector from that target', async () => {
    const retriever = new FakeRetriever(result);
    const embedded: string[] = [];
    const targets: QueryTargets = {
      current: async () => ({
        index: 'chunks-model-b',
        model: 'model-b',
        embedQuery: async (text) => {
          embedded.push(text);
          return [1, 0];
        },
      }),
    };
    await new HybridSearchService(retriever, targets).search(request({ query: 'tides' }), caller);
    expect(embedded).toEqual(['tides']);
    expect(retriever.requests.map((r) => [r.index, r.vector])).toEqual([['chunks-model-b', [1, 0]]]);
  });

  it('fuses both lists by reciprocal rank and returns one hit per document with its best chunks', async () => {
    const retriever = new FakeRetriever(result);
    const response = await new HybridSearchService(retriever, embeddings).search(rrf(), caller);
    expect(response.hits.map((h) => h.docId)).toEqual(['b', 'a', 'c']);
    const a = response.hits[1]!;
    expect(a.chunks.map((c) => c.chunk)).toEqual([0, 1]);
    expect(a.chunks[0]?.highlights).toEqual(['<em>a</em> zero']);
    expect(a.snippet).toBe('<em>a</em> zero');
    expect(a.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(response.fusion).toEqual({ method: 'rrf', k: 60 });
    expect(response.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(retriever.requests[0]).toMatchObject({ text: 'a', size: 50 });
    expect(retriever.requests[0]?.vector).toHaveLength(16);
  });

  it('explains each hit: both ranks and raw scores, and what RRF added for each', async () => {
    const response = await new HybridSearchService(new FakeRetriever(result), embeddings).search(
      rrf({ explain: true }),
      caller,
    );
    expect(response.hits[1]?.explain).toEqual({
      chunk: 0,
      bm25: { rank: 1, score: 9 },
      vector: { rank: 3, score: 0.7 },
      fusion: { method: 'rrf', k: 60, contributions: { bm25: 1 / 61, vector: 1 / 63 } },
      score: 1 / 61 + 1 / 63,
    });
    const c = response.hits[2]?.explain;
    expect(c?.bm25).toBeNull();
    const plain = await new HybridSearchService(new FakeRetriever(result), embeddings).search(
      request(),
      caller,
    );
    expect(plain.hits[0]?.explain).toBeUndefined();
  });

  it('runs linear fusion with the request’s weights, else the tenant’s default; a request for RRF wins over a linear default', async () => {
    const service = new HybridSearchService(new FakeRetriever(result), embeddings);
    const bm25Only = await service.search(
      request({
        fusion: { method: 'linear', normalization: 'minmax', weights: { bm25: 1, vector: 0 } },
        explain: true,
      }),
      caller,
    );
    expect(bm25Only.hits.map((h) => h.docId)).toEqual(['a', 'b', 'c']);
    expect(bm25Only.fusion).toEqual({
      method: 'linear',
      normalization: 'minmax',
      weights: { bm25: 1, vector: 0 },
    });
    expect(bm25Only.hits[0]?.explain?.fusion).toEqual({
      method: 'linear',
      normalization: 'minmax',
      weights: { bm25: 1, vector: 0 },
      normalized: { bm25: 1, vector: 0 },
    });
    const tenantDefault = await service.search(request(), caller, {
      method: 'linear',
      normalization: 'zscore',
      weights: { bm25: 0, vector: 1 },
    });
    expect(tenantDefault.hits.map((h) => h.docId)).toEqual(['b', 'c', 'a']);
    expect(tenantDefault.fusion).toMatchObject({ normalization: 'zscore' });
    const overridden = await service.search(request({ fusion: { method: 'rrf', k: 10 } }), caller, {
      method: 'linear',
    });
    expect(overridden.fusion).toEqual({ method: 'rrf', k: 10 });
  });

  it('keeps BM25 order and does not embed the query in bm25 mode; sends no text in vector mode', async () => {
    const retriever = new FakeRetriever(result);
    const service = new HybridSearchService(retriever, embeddings);
    const bm25 = await service.search(request({ mode: 'bm25', explain: true }), caller);
    expect(bm25.hits.map((h) => h.docId)).toEqual(['a', 'b']);
    expect(bm25.fusion).toBeUndefined();
    expect(bm25.hits[0]?.explain?.fusion).toEqual({ method: 'single', retriever: 'bm25' });
    expect(retriever.requests[0]?.vector).toBeUndefined();
    await service.search(request({ mode: 'vector' }), caller);
    expect(retriever.requests[1]?.text).toBeUndefined();
  });

  it('passes the caller’s tenant and principals and the request’s filter to the retriever', async () => {
    const retriever = new FakeRetriever(result);
    await new HybridSearchService(retriever, embeddings).search(
      request({ filter: { source: 'wiki', uriPrefix: 'https://w/', metadata: { year: { gte: 2020 } } } }),
      { tenant: 'acme', keyId: 'k1', principals: ['user:b', 'group:a'] },
    );
    expect(retriever.requests[0]?.filter).toEqual({
      tenant: 'acme',
      principals: ['group:a', 'user:b'],
      sources: ['wiki'],
      uriPrefix: 'https://w/',
      metadata: { year: { gte: 2020 } },
    });
  });

  it('logs every answered query with its tenant, key, hits and latency', async () => {
    const log = new RecordingLog();
    const response = await new HybridSearchService(
      new FakeRetriever(result),
      embeddings,
      undefined,
      log,
    ).search(request(), caller);
    expect(log.entries).toEqual([
      expect.objectContaining({
        queryId: response.queryId,
        tenant: 'acme',
        keyId: 'k1',
        query: 'a',
        mode: 'hybrid',
        page: 1,
        hits: response.hits.map(({ source, docId }) => ({ source, docId })),
      }),
    ]);
  });
});

describe('HybridSearchService pagination', () => {
  const embeddings = fixedQueryTarget(new HashingEmbeddingProvider(16));
  // 60 documents with two chunks each; the two retrievers disagree on the order.
  const docs = Array.from({ length: 60 }, (_, i) => `d${String(i).padStart(2, '0')}`);
  const ranking: ChunkSearchResult = {
    bm25: docs.flatMap((d, i) => [hit(d, 0, 100 - i), hit(d, 1, 99.5 - i)]),
    vector: [...docs].reverse().flatMap((d, i) => [hit(d, 1, 1 - i / 200)]),
  };

  async function allPages(topK: number, mode: 'hybrid' | 'bm25' | 'vector') {
    const service = new HybridSearchService(new FakeRetriever(ranking), embeddings);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const response = await service.search(request({ topK, mode, ...(cursor ? { cursor } : {}) }), caller);
      pages.push(response.hits.map((h) => h.docId));
      cursor = response.nextCursor;
    } while (cursor && pages.length < 50);
    return pages;
  }

  it.each(['hybrid', 'bm25', 'vector'] as const)(
    'pages through every %s result exactly once: no page repeats or skips a document',
    async (mode) => {
      const pages = await allPages(7, mode);
      const paged = pages.flat();
      expect(new Set(paged).size).toBe(paged.length);
      expect(new Set(paged)).toEqual(new Set(docs));
      expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
    },
  );

  it.each(['bm25', 'vector'] as const)(
    'pages one retriever in exactly the order of one deep %s query',
    async (mode) => {
      const paged = (await allPages(7, mode)).flat();
      const deep = await new HybridSearchService(new FakeRetriever(ranking), embeddings).search(
        request({ topK: 100, mode }),
        caller,
      );
      expect(paged).toEqual(deep.hits.map((h) => h.docId));
    },
  );

  it('refuses a cursor from another query, another key or a tampered one', async () => {
    const service = new HybridSearchService(new FakeRetriever(ranking), embeddings);
    const { nextCursor } = await service.search(request({ topK: 5 }), caller);
    expect(nextCursor).toBeDefined();
    await expect(service.search(request({ query: 'other', cursor: nextCursor! }), caller)).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(
      service.search(request({ cursor: nextCursor! }), { ...caller, keyId: 'k2' }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(service.search(request({ cursor: `${nextCursor!}x` }), caller)).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(service.search(request({ cursor: 'garbage' }), caller)).rejects.toThrow(InvalidCursorError);
  });

  it('fetches deeper when the first window holds too few distinct documents', async () => {
    // One document with many chunks ahead of the others fills the first window.
    const crowded: ChunkSearchResult = {
      bm25: [
        ...Array.from({ length: 60 }, (_, i) => hit('big', i, 1000 - i)),
        ...docs.map((d, i) => hit(d, 0, 50 - i)),
      ],
    };
    const retriever = new FakeRetriever(crowded);
    const response = await new HybridSearchService(retriever, embeddings).search(
      request({ topK: 5, mode: 'bm25' }),
      caller,
    );
    expect(response.hits.map((h) => h.docId)).toEqual(['big', 'd00', 'd01', 'd02', 'd03']);
    expect(retriever.requests.map((r) => r.size)).toEqual([25, 100]);
  });
});
