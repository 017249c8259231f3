import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { ChunkIndexAliasesRepository } from './chunk-index-aliases.repository';
import { ChunkIndexRepository } from './chunk-index.repository';
import { DocumentStateRepository } from './document-state.repository';
import { createElasticsearchClient } from './elasticsearch-client';
import { IndexOverviewReader } from './index-overview.reader';

describe('IndexOverviewReader (real Elasticsearch)', () => {
  let es: Client;
  let alias: string;
  let stateIndex: string;
  let reader: IndexOverviewReader;

  beforeAll(() => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  });
  beforeEach(() => {
    alias = uniqueName('it-overview');
    stateIndex = `${alias}-documents`;
    reader = new IndexOverviewReader(es, alias, stateIndex);
  });
  afterEach(() => es.indices.delete({ index: `${alias}-*`, ignore_unavailable: true }));
  afterAll(() => es.close());

  it('reads an empty overview before any index exists', async () => {
    expect(await reader.read()).toEqual({ alias, targets: [], documents: 0 });
  });

  it('lists each role with model, dimensions, chunks and size, and counts live documents only', async () => {
    await new ChunkIndexRepository(es, alias).ensure('model-a', 4);
    const active = `${alias}-model-a-m1`;
    const chunk = (id: string) => ({ index: { _index: active, _id: id } });
    await es.bulk({
      refresh: true,
      operations: [
        chunk('1'),
        { source: 's', docId: 'a', chunk: 0, text: 'one', embedding: [1, 0, 0, 0] },
        chunk('2'),
        { source: 's', docId: 'a', chunk: 1, text: 'two', embedding: [0, 1, 0, 0] },
        chunk('3'),
        { source: 's', docId: 'b', chunk: 0, text: 'three', embedding: [0, 0, 1, 0] },
      ],
    });
    const next = await new ChunkIndexAliasesRepository(es, alias).start('model-b', 8);
    const states = new DocumentStateRepository(es, stateIndex);
    await states.ensure();
    await states.saveMany([
      { source: 's', docId: 'a', state: { version: 1, chunks: 2, deleted: false } },
      { source: 's', docId: 'b', state: { version: 1, chunks: 1, deleted: false } },
      { source: 's', docId: 'c', state: { version: 2, chunks: 0, deleted: true } },
    ]);
    await es.indices.refresh({ index: stateIndex });

    const overview = await reader.read();

    expect(overview.alias).toBe(alias);
    expect(overview.documents).toBe(2);
    expect(overview.targets).toEqual([
      {
        role: 'active',
        index: active,
        model: 'model-a',
        dimensions: 4,
        chunks: 3,
        bytes: expect.any(Number),
      },
      { role: 'next', index: next, model: 'model-b', dimensions: 8, chunks: 0, bytes: expect.any(Number) },
    ]);
    expect(overview.targets[0]!.bytes).toBeGreaterThan(overview.targets[1]!.bytes);
  });
});
