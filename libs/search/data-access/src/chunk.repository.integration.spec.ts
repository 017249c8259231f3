import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import type { ChunkDocument } from './chunk-document';
import { ChunkIndexRepository } from './chunk-index.repository';
import { ChunkSearchRepository } from './chunk-search.repository';
import { BulkWriteError } from './bulk-write';
import { ChunkRepository } from './chunk.repository';
import { DocumentStateRepository } from './document-state.repository';
import { createElasticsearchClient } from './elasticsearch-client';
import { isTransientElasticsearchError } from './transient-errors';

const DIMS = 4;

const chunk = (docId: string, n: number, text: string, embedding = [1, 0, 0, 0]): ChunkDocument => ({
  source: 'it',
  tenant: 'it',
  docId,
  chunk: n,
  title: `title of ${docId}`,
  text,
  uri: `file:///${docId}`,
  metadata: { lang: 'en' },
  version: 1,
  embedding,
  model: 'test-model',
  chunker: 'paragraph/v1',
  indexedAt: new Date().toISOString(),
});

describe('search repositories against real Elasticsearch', () => {
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
    await es.indices.delete({ index: `${alias}*`, ignore_unavailable: true });
    await es.close();
  });

  it('creates the index behind the alias once; an existing index keeps its own model', async () => {
    const index = new ChunkIndexRepository(es, alias);
    const created = { index: `${alias}-test-model-m1`, model: 'test-model' };
    await expect(index.ensure('test-model', DIMS)).resolves.toEqual(created);
    await expect(index.ensure('other-model', DIMS)).resolves.toEqual(created);
  });

  it('indexes chunks under deterministic ids and deletes chunk numbers in the same request', async () => {
    await chunks.write('it', 'a', [chunk('a', 0, 'one'), chunk('a', 1, 'two'), chunk('a', 2, 'three')], []);
    expect(await chunks.countChunks('it', 'a')).toBe(3);
    await chunks.write('it', 'a', [chunk('a', 0, 'uno')], [1, 2, 3]);
    expect(await chunks.countChunks('it', 'a')).toBe(1);
    await chunks.write('it', 'a', [chunk('a', 0, 'uno')], []);
    expect(await chunks.countChunks('it', 'a')).toBe(1);
  });

  it('reports rejected items with their status, and a mapping error is not transient', async () => {
    const error = await chunks
      .write('it', 'bad', [chunk('bad', 0, 'x', [1, 0])], [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkWriteError);
    expect((error as BulkWriteError).failures[0]?.status).toBe(400);
    expect(isTransientElasticsearchError(error)).toBe(false);
  });

  it('reads a document state back at once, before any refresh (realtime GET)', async () => {
    const states = new DocumentStateRepository(es, `${alias}-state`);
    await states.ensure();
    await states.ensure();
    expect(await states.get('it', 'doc')).toBeUndefined();
    await states.saveMany([{ source: 'it', docId: 'doc', state: { version: 3, chunks: 2, deleted: false } }]);
    expect(await states.get('it', 'doc')).toEqual({ version: 3, chunks: 2, deleted: false });
    await states.saveMany([
      { source: 'it', docId: 'doc', state: { version: 4, chunks: 0, deleted: true } },
      { source: 'it', docId: 'other', state: { version: 1, chunks: 1, deleted: false } },
    ]);
    const both = await states.getMany([
      { source: 'it', docId: 'doc' },
      { source: 'it', docId: 'other' },
      { source: 'it', docId: 'never' },
    ]);
    expect([...both.values()]).toEqual([
      { version: 4, chunks: 0, deleted: true },
      { version: 1, chunks: 1, deleted: false },
    ]);
  });

  it('finds chunks by BM25 and by kNN, both highlighted (HTML-safe) with the query text when there is one, both honouring the source filter', async () => {
    await chunks.write(
      'it',
      'kafka',
      [chunk('kafka', 0, 'kafka keeps <b>partitions</b> in order', [0, 1, 0, 0])],
      [],
    );
    await chunks.write('it', 'bread', [chunk('bread', 0, 'sourdough bread rises slowly', [0, 0, 1, 0])], []);
    const search = new ChunkSearchRepository(es, alias);
    const result = await search.search({
      text: 'kafka partitions',
      vector: [0, 0, 1, 0],
      size: 5,
      filter: { tenant: 'it', principals: [], sources: ['it'] },
    });
    expect(result.bm25?.[0]).toMatchObject({ docId: 'kafka' });
    expect(result.bm25?.[0]?.highlights[0]).toContain('<em>kafka</em>');
    expect(result.bm25?.[0]?.highlights[0]).toContain('&lt;b&gt;');
    expect(result.vector?.[0]).toMatchObject({ docId: 'bread' });
    // The kNN hits are highlighted with the query's words too (a hybrid's vector-only hit gets a real snippet).
    const kafkaByVector = result.vector?.find((hit) => hit.docId === 'kafka');
    expect(kafkaByVector?.highlights[0]).toContain('<em>kafka</em>');
    const vectorOnly = await search.search({
      vector: [0, 1, 0, 0],
      size: 5,
      filter: { tenant: 'it', principals: [], sources: ['it'] },
    });
    expect(vectorOnly.vector?.[0]).toMatchObject({ docId: 'kafka', highlights: [] });
    const other = await search.search({
      text: 'kafka',
      vector: [0, 1, 0, 0],
      size: 5,
      filter: { tenant: 'it', principals: [], sources: ['elsewhere'] },
    });
    expect(other).toEqual({ bm25: [], vector: [] });
  });
});
