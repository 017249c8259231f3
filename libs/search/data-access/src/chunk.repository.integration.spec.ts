import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import type { ChunkDocument } from './chunk-document';
import { ChunkIndexRepository, EmbeddingModelMismatchError } from './chunk-index.repository';
import { ChunkSearchRepository } from './chunk-search.repository';
import { ChunkRepository } from './chunk.repository';
import { createElasticsearchClient } from './elasticsearch-client';

const DIMS = 4;

const chunk = (
  docId: string,
  n: number,
  version: number,
  text: string,
  embedding = [1, 0, 0, 0],
): ChunkDocument => ({
  source: 'it',
  docId,
  chunk: n,
  title: `title of ${docId}`,
  text,
  uri: `file:///${docId}`,
  metadata: { lang: 'en' },
  version,
  embedding,
  model: 'test-model',
  chunker: 'paragraph/v1',
  indexedAt: new Date().toISOString(),
});

describe('chunk repositories against real Elasticsearch', () => {
  let es: Client;
  let alias: string;
  let chunks: ChunkRepository;

  beforeAll(async () => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    alias = uniqueName('it-chunks');
    await new ChunkIndexRepository(es, alias).ensure('test-model', DIMS);
    chunks = new ChunkRepository(es, alias, 'wait_for');
  });

  afterAll(async () => {
    await es.indices.delete({ index: `${alias}-*`, ignore_unavailable: true });
    await es.close();
  });

  it('creates the index behind the alias once and refuses a different embedding model', async () => {
    const index = new ChunkIndexRepository(es, alias);
    await expect(index.ensure('test-model', DIMS)).resolves.toBe(`${alias}-test-model-m1`);
    await expect(index.ensure('other-model', DIMS)).rejects.toThrow(EmbeddingModelMismatchError);
  });

  it('replaces a document whole: fewer chunks in the new version leave no orphan', async () => {
    await chunks.replaceDocument('it', 'a', 1, [
      chunk('a', 0, 1, 'one'),
      chunk('a', 1, 1, 'two'),
      chunk('a', 2, 1, 'three'),
    ]);
    expect(await chunks.countChunks('it', 'a')).toBe(3);
    await chunks.replaceDocument('it', 'a', 2, [chunk('a', 0, 2, 'uno')]);
    expect(await chunks.documentChunks('it', 'a')).toEqual([
      expect.objectContaining({ chunk: 0, version: 2 }),
    ]);
    expect(await chunks.currentVersion('it', 'a')).toBe(2);
  });

  it('rewrites the same ids when the same version is replayed', async () => {
    await chunks.replaceDocument('it', 'b', 5, [chunk('b', 0, 5, 'same')]);
    const first = await chunks.documentChunks('it', 'b');
    await chunks.replaceDocument('it', 'b', 5, [chunk('b', 0, 5, 'same')]);
    expect(await chunks.documentChunks('it', 'b')).toEqual(first);
  });

  it('deletes only chunks at or below the delete version', async () => {
    await chunks.replaceDocument('it', 'c', 7, [chunk('c', 0, 7, 'x'), chunk('c', 1, 7, 'y')]);
    expect(await chunks.deleteDocument('it', 'c', 6)).toBe(0);
    expect(await chunks.deleteDocument('it', 'c', 7)).toBe(2);
    expect(await chunks.countChunks('it', 'c')).toBe(0);
    expect(await chunks.currentVersion('it', 'c')).toBeUndefined();
  });

  it('pages through every chunk of a long document', async () => {
    const many = Array.from({ length: 1203 }, (_, n) => chunk('long', n, 1, `piece ${n}`));
    await chunks.replaceDocument('it', 'long', 1, many);
    expect(await chunks.documentChunks('it', 'long')).toHaveLength(1203);
    await chunks.deleteDocument('it', 'long', 1);
  });

  it('finds chunks by BM25 with highlights and by kNN, both honouring the source filter', async () => {
    await chunks.replaceDocument('it', 'kafka', 1, [
      chunk('kafka', 0, 1, 'kafka keeps partitions in order', [0, 1, 0, 0]),
    ]);
    await chunks.replaceDocument('it', 'bread', 1, [
      chunk('bread', 0, 1, 'sourdough bread rises slowly', [0, 0, 1, 0]),
    ]);
    const search = new ChunkSearchRepository(es, alias);
    const result = await search.search({
      text: 'kafka partitions',
      vector: [0, 0, 1, 0],
      size: 5,
      filter: { sources: ['it'] },
    });
    expect(result.bm25?.[0]).toMatchObject({
      docId: 'kafka',
      highlights: [expect.stringContaining('<em>kafka</em>')],
    });
    expect(result.vector?.[0]).toMatchObject({ docId: 'bread' });
    const other = await search.search({
      text: 'kafka',
      vector: [0, 1, 0, 0],
      size: 5,
      filter: { sources: ['elsewhere'] },
    });
    expect(other).toEqual({ bm25: [], vector: [] });
  });
});
