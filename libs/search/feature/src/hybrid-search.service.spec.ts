import { HashingEmbeddingProvider } from '@tributary/embeddings';
import type { ChunkHit, ChunkSearchRequest, ChunkSearchResult } from '@tributary/search-data-access';
import { HybridSearchService, type ChunkRetriever } from './hybrid-search.service';

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

class FakeRetriever implements ChunkRetriever {
  requests: ChunkSearchRequest[] = [];
  constructor(private readonly result: ChunkSearchResult) {}
  async search(request: ChunkSearchRequest): Promise<ChunkSearchResult> {
    this.requests.push(request);
    return {
      ...(request.text !== undefined ? { bm25: this.result.bm25 ?? [] } : {}),
      ...(request.vector !== undefined ? { vector: this.result.vector ?? [] } : {}),
    };
  }
}

describe('HybridSearchService', () => {
  const embeddings = new HashingEmbeddingProvider(16);
  const result: ChunkSearchResult = {
    bm25: [hit('a', 0, 9, ['<em>a</em> zero']), hit('b', 0, 5), hit('a', 1, 4)],
    vector: [hit('b', 0, 0.9), hit('c', 2, 0.8), hit('a', 0, 0.7)],
  };

  it('fuses both lists by reciprocal rank and returns one hit per document with its best chunks', async () => {
    const retriever = new FakeRetriever(result);
    const response = await new HybridSearchService(retriever, embeddings).search({
      query: 'a',
      topK: 10,
      mode: 'hybrid',
    });
    expect(response.hits.map((h) => h.docId)).toEqual(['b', 'a', 'c']);
    const a = response.hits[1]!;
    expect(a.chunks.map((c) => c.chunk)).toEqual([0, 1]);
    expect(a.snippet).toBe('<em>a</em> zero');
    expect(a.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(response.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(retriever.requests[0]).toMatchObject({ text: 'a', size: 50 });
    expect(retriever.requests[0]?.vector).toHaveLength(16);
  });

  it('keeps BM25 order and does not embed the query in bm25 mode', async () => {
    const retriever = new FakeRetriever(result);
    const response = await new HybridSearchService(retriever, embeddings).search({
      query: 'a',
      topK: 10,
      mode: 'bm25',
    });
    expect(response.hits.map((h) => h.docId)).toEqual(['a', 'b']);
    expect(retriever.requests[0]?.vector).toBeUndefined();
  });

  it('sends no text query in vector mode and falls back to the chunk text as snippet', async () => {
    const retriever = new FakeRetriever(result);
    const response = await new HybridSearchService(retriever, embeddings).search({
      query: 'a',
      topK: 1,
      mode: 'vector',
    });
    expect(response.hits).toHaveLength(1);
    expect(response.hits[0]?.snippet).toBe('text of b chunk 0');
    expect(retriever.requests[0]?.text).toBeUndefined();
  });

  it('escapes document text used as a snippet', async () => {
    const markup = { ...hit('x', 0, 1), text: '<script>alert(1)</script>' };
    const response = await new HybridSearchService(
      new FakeRetriever({ vector: [markup] }),
      embeddings,
    ).search({
      query: 'a',
      topK: 1,
      mode: 'vector',
    });
    expect(response.hits[0]?.snippet).toBe('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('passes a source filter to the retriever as a list', async () => {
    const retriever = new FakeRetriever(result);
    await new HybridSearchService(retriever, embeddings).search({
      query: 'a',
      topK: 3,
      mode: 'hybrid',
      filter: { source: 'docs' },
    });
    expect(retriever.requests[0]?.filter).toEqual({ sources: ['docs'] });
  });
});
