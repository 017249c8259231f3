import type { Client, estypes } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { chunkId, type ChunkDocument } from './chunk-document';
import { chunkIndexBody, chunkIndexName, CHUNK_MAPPING_VERSION } from './chunk-index.mapping';
import { ChunkIndexRepository } from './chunk-index.repository';
import { ChunkRepository } from './chunk.repository';
import { createElasticsearchClient } from './elasticsearch-client';
import { metadataDatesOf } from './metadata-dates';

const DIMS = 4;

const chunk = (docId: string, metadata: ChunkDocument['metadata']): ChunkDocument => {
  const metadataDates = metadataDatesOf(metadata);
  return {
    source: 'it',
    tenant: 'acme',
    docId,
    chunk: 0,
    title: docId,
    text: `text of ${docId}`,
    uri: `file:///${docId}`,
    metadata,
    ...(metadataDates ? { metadataDates } : {}),
    version: 1,
    embedding: [1, 0, 0, 0],
    model: 'test-model',
    chunker: 'test',
    indexedAt: new Date().toISOString(),
  };
};

/** The chunk index as mapping 1 created it: no tenant, no metadata dates. */
function mappingV1Body(): estypes.IndicesCreateRequest {
  const body = chunkIndexBody('test-model', DIMS);
  const { tenant: _tenant, metadataDates: _dates, ...properties } = body.mappings?.properties ?? {};
  return {
    ...body,
    mappings: {
      ...body.mappings,
      _meta: { model: 'test-model', dimensions: DIMS, mapping: 1 },
      properties,
      dynamic_templates: body.mappings?.dynamic_templates?.slice(0, 1) ?? [],
    },
  };
}

describe('the chunk index mapping against real Elasticsearch', () => {
  let es: Client;
  const aliases: string[] = [];
  const freshAlias = () => {
    const alias = uniqueName('it-mapping');
    aliases.push(alias);
    return alias;
  };
  const mappingOf = async (index: string) => (await es.indices.getMapping({ index }))[index]!.mappings;
  const idsMatching = async (alias: string, query: estypes.QueryDslQueryContainer) =>
    (await es.search({ index: alias, query })).hits.hits.map((hit) => hit._id);

  beforeAll(() => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  });

  afterAll(async () => {
    await Promise.all(
      aliases.map((alias) => es.indices.delete({ index: `${alias}*`, ignore_unavailable: true })),
    );
    await es.close();
  });

  it('stores the tenant as a keyword and range-filters ISO-date metadata as instants', async () => {
    const alias = freshAlias();
    await new ChunkIndexRepository(es, alias).ensure('test-model', DIMS);
    const chunks = new ChunkRepository(es, alias, 'wait_for');
    await chunks.write('it', 'early', [chunk('early', { due: '2024-03-01T23:30:00-02:00' })], []);
    await chunks.write('it', 'late', [chunk('late', { due: '2024-03-02T12:00:00Z' })], []);
    await chunks.write('it', 'text', [chunk('text', { due: 'soon', day: '2024-02-30' })], []);

    // 23:30 at UTC-2 is 01:30 UTC on 2 March: compared as an instant, not as text.
    expect(
      (await idsMatching(alias, { range: { 'metadataDates.due': { gte: '2024-03-02' } } })).sort(),
    ).toEqual([chunkId('it', 'early', 0), chunkId('it', 'late', 0)].sort());
    expect(
      await idsMatching(alias, { range: { 'metadataDates.due': { lt: '2024-03-02T06:00:00+02:00' } } }),
    ).toEqual([chunkId('it', 'early', 0)]);
    expect(await idsMatching(alias, { term: { 'metadata.due': 'soon' } })).toEqual([
      chunkId('it', 'text', 0),
    ]);
    expect((await idsMatching(alias, { term: { tenant: 'acme' } })).length).toBe(3);
    const mapping = await mappingOf(chunkIndexName(alias, 'test-model'));
    expect(mapping.properties?.['metadataDates']).toMatchObject({ properties: { due: { type: 'date' } } });
    expect(mapping.properties?.['metadata']).toMatchObject({ properties: { due: { type: 'keyword' } } });
  });

  it('brings an index of mapping 1 up to mapping 2 in place, keeping its chunks and its model', async () => {
    const alias = freshAlias();
    const index = chunkIndexName(alias, 'test-model');
    await es.indices.create({ ...mappingV1Body(), index, aliases: { [alias]: { is_write_index: true } } });
    const chunks = new ChunkRepository(es, alias, 'wait_for');
    const { tenant: _tenant, ...old } = chunk('old', { lang: 'en' });
    await es.index({ index: alias, id: chunkId('it', 'old', 0), document: old, refresh: 'wait_for' });
    await expect(chunks.write('it', 'new', [chunk('new', { due: '2024-03-01' })], [])).rejects.toThrow();

    const repository = new ChunkIndexRepository(es, alias);
    await expect(repository.ensure('test-model', DIMS)).resolves.toEqual({ index, model: 'test-model' });
    await expect(repository.ensure('test-model', DIMS)).resolves.toEqual({ index, model: 'test-model' });

    const mapping = await mappingOf(index);
    expect(mapping._meta).toEqual({ model: 'test-model', dimensions: DIMS, mapping: CHUNK_MAPPING_VERSION });
    expect(mapping.dynamic_templates?.map((template) => Object.keys(template)[0])).toEqual([
      'metadata_strings',
      'metadata_dates',
    ]);
    await chunks.write('it', 'new', [chunk('new', { due: '2024-03-01' })], []);
    expect(await idsMatching(alias, { range: { 'metadataDates.due': { lte: '2024-03-01' } } })).toEqual([
      chunkId('it', 'new', 0),
    ]);
    expect(await idsMatching(alias, { term: { tenant: 'acme' } })).toEqual([chunkId('it', 'new', 0)]);
    // Chunks written before the upgrade stay, without a tenant, until their document is indexed again.
    expect(await idsMatching(alias, { bool: { must_not: [{ exists: { field: 'tenant' } }] } })).toEqual([
      chunkId('it', 'old', 0),
    ]);
  });
});
