import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { chunkId } from './chunk-document';
import { ChunkIndexRepository } from './chunk-index.repository';
import { createElasticsearchClient } from './elasticsearch-client';
import { TrainingChunkRepository, type TrainingChunk } from './training-chunk.repository';

interface Written extends TrainingChunk {
  tenant?: string;
}

const chunk = (source: string, docId: string, n: number, tenant?: string): Written => ({
  source,
  docId,
  chunk: n,
  title: `${source}/${docId}`,
  text: `chunk ${n} of ${docId} in ${source}`,
  embedding: [1, n, 0.5, 0.25],
  ...(tenant ? { tenant } : {}),
});

const documentOf = (source: string, docId: string, chunks: number, tenant?: string) =>
  Array.from({ length: chunks }, (_, n) => chunk(source, docId, n, tenant));

const keyOf = (source: string, docId: string) => `${source}\u0000${docId}`;
const idsOf = (chunks: readonly TrainingChunk[]) => chunks.map((c) => `${c.source}/${c.docId}#${c.chunk}`);

/** Chunks longer than one search page: chunksOf has to page through them. */
const LONG_DOCUMENT_CHUNKS = 1_005;

describe('TrainingChunkRepository (real Elasticsearch)', () => {
  let es: Client;
  let alias: string;
  let index: string;
  let training: TrainingChunkRepository;
  let defaultTenantChunks: number;

  beforeAll(async () => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    alias = uniqueName('it-training');
    ({ index } = await new ChunkIndexRepository(es, alias).ensure('test-model', 4));
    training = new TrainingChunkRepository(es);

    // The same doc ids in two sources, so a (source, docId) lookup crosses over to pairs nobody asked for.
    const crossing = ['s1', 's2'].flatMap((source) =>
      ['a', 'b'].flatMap((docId) => [2, 0, 1].map((n) => chunk(source, docId, n, 'default'))),
    );
    const written = [
      ...crossing,
      ...documentOf('s1', 'many', 30, 'default'),
      // Written before tenants existed: they belong to the default tenant.
      ...documentOf('s1', 'legacy', 2),
      ...documentOf('s3', 'x', 2, 'acme'),
      ...documentOf('s2', 'long', LONG_DOCUMENT_CHUNKS, 'default'),
    ];
    defaultTenantChunks = written.length - 2;
    const response = await es.bulk({
      refresh: 'wait_for',
      operations: written.flatMap((doc) => [
        { index: { _index: index, _id: chunkId(doc.source, doc.docId, doc.chunk) } },
        doc,
      ]),
    });
    expect(response.errors).toBe(false);
  });

  afterAll(async () => {
    await es.indices.delete({ index: `${alias}*`, ignore_unavailable: true });
    await es.close();
  });

  describe('sample', () => {
    it('gives the same sample, in the same order, for the same seed', async () => {
      const first = await training.sample(index, 'default', 20, 7);
      const again = await training.sample(index, 'default', 20, 7);
      expect(first).toHaveLength(20);
      expect(again).toEqual(first);
      expect(new Set(idsOf(first)).size).toBe(20);
    });

    it('gives a different sample for a different seed', async () => {
      const seven = await training.sample(index, 'default', 20, 7);
      const eight = await training.sample(index, 'default', 20, 8);
      expect(idsOf(eight)).not.toEqual(idsOf(seven));
    });

    it('returns the fields training needs, as stored', async () => {
      const [one] = await training.sample(index, 'acme', 1, 1);
      expect(one).toEqual({
        source: 's3',
        docId: 'x',
        chunk: one?.chunk,
        title: 's3/x',
        text: `chunk ${one?.chunk} of x in s3`,
        embedding: [1, one?.chunk, 0.5, 0.25],
      });
    });

    it("samples only the tenant's chunks, counting chunks without a tenant as the default tenant's", async () => {
      const acme = await training.sample(index, 'acme', 100, 1);
      expect(idsOf(acme).sort()).toEqual(['s3/x#0', 's3/x#1']);

      const all = await training.sample(index, 'default', 10_000, 1);
      expect(all).toHaveLength(defaultTenantChunks);
      expect(all.some((c) => c.docId === 'legacy')).toBe(true);
      expect(all.some((c) => c.source === 's3')).toBe(false);
    });

    it('samples only the given sources', async () => {
      const s1 = await training.sample(index, 'default', 100, 3, ['s1']);
      expect(s1).toHaveLength(6 + 30 + 2);
      expect(new Set(s1.map((c) => c.source))).toEqual(new Set(['s1']));
    });

    it('samples more chunks than one Elasticsearch search may return (10,000), as a plan may ask for', async () => {
      const all = await training.sample(index, 'default', 20_000, 5);
      expect(all).toHaveLength(defaultTenantChunks);
      expect(new Set(idsOf(all)).size).toBe(defaultTenantChunks);
      // Paging keeps the order: a smaller sample is the start of a larger one with the same seed.
      expect(await training.sample(index, 'default', 1_010, 5)).toEqual(all.slice(0, 1_010));
    });

    it('returns nothing for size 0', async () => {
      expect(await training.sample(index, 'default', 0, 1)).toEqual([]);
    });
  });

  describe('chunksOf', () => {
    it('returns exactly the asked (source, docId) pairs, not the crossed ones, each in chunk order', async () => {
      const chunks = await training.chunksOf(index, [
        { source: 's1', docId: 'a' },
        { source: 's2', docId: 'b' },
        { source: 's1', docId: 'missing' },
      ]);
      expect([...chunks.keys()].sort()).toEqual([keyOf('s1', 'a'), keyOf('s2', 'b')]);
      expect(idsOf(chunks.get(keyOf('s1', 'a')) ?? [])).toEqual(['s1/a#0', 's1/a#1', 's1/a#2']);
      expect(idsOf(chunks.get(keyOf('s2', 'b')) ?? [])).toEqual(['s2/b#0', 's2/b#1', 's2/b#2']);
      expect(chunks.get(keyOf('s2', 'b'))?.[1]).toEqual(chunk('s2', 'b', 1));
    });

    it('pages through a document with more chunks than one search returns', async () => {
      const chunks = await training.chunksOf(index, [
        { source: 's2', docId: 'long' },
        { source: 's2', docId: 'a' },
      ]);
      const long = chunks.get(keyOf('s2', 'long')) ?? [];
      expect(long.map((c) => c.chunk)).toEqual(Array.from({ length: LONG_DOCUMENT_CHUNKS }, (_, n) => n));
      expect(chunks.get(keyOf('s2', 'a'))).toHaveLength(3);
    });

    it('looks up more documents than one batch holds', async () => {
      const asked = Array.from({ length: 1_200 }, (_, i) => ({ source: 's9', docId: `absent-${i}` }));
      asked[0] = { source: 's1', docId: 'b' };
      asked[700] = { source: 's2', docId: 'a' };
      asked[1_199] = { source: 's1', docId: 'legacy' };
      const chunks = await training.chunksOf(index, asked);
      expect([...chunks.keys()].sort()).toEqual([keyOf('s1', 'b'), keyOf('s1', 'legacy'), keyOf('s2', 'a')]);
      expect(chunks.get(keyOf('s1', 'legacy'))?.map((c) => c.chunk)).toEqual([0, 1]);
    });

    it('returns an empty map when asked for no documents', async () => {
      expect((await training.chunksOf(index, [])).size).toBe(0);
    });
  });
});
