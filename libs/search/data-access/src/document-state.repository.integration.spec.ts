import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { documentKeyHash } from './chunk-document';
import { DocumentStateRepository } from './document-state.repository';
import { createElasticsearchClient } from './elasticsearch-client';

interface RawState {
  version: number;
  updatedAt: string;
  occurredAt?: string;
  freshnessMs?: number;
}

/** The freshness record (occurredAt, freshnessMs) against real Elasticsearch, and the upgrade of an older index. */
describe('DocumentStateRepository freshness record', () => {
  let es: Client;
  let prefix: string;

  const raw = async (index: string, docId: string) =>
    (await es.get<RawState>({ index, id: documentKeyHash('it', docId) }))._source!;

  beforeAll(() => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    prefix = uniqueName('it-state');
  });

  afterAll(async () => {
    await es.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await es.close();
  });

  it("stores the applied event's occurredAt and the ms from it to the write", async () => {
    const states = new DocumentStateRepository(es, `${prefix}-fresh`);
    await states.ensure();
    const occurredAt = new Date(Date.now() - 1_500).toISOString();
    await states.saveMany([
      { source: 'it', docId: 'a', state: { version: 1, chunks: 1, deleted: false }, occurredAt },
    ]);
    const stored = await raw(`${prefix}-fresh`, 'a');
    expect(stored.occurredAt).toBe(occurredAt);
    expect(stored.freshnessMs).toBe(Date.parse(stored.updatedAt) - Date.parse(occurredAt));
    expect(stored.freshnessMs).toBeGreaterThanOrEqual(1_500);
    expect(stored.freshnessMs).toBeLessThan(60_000);
    // The fencing view is unchanged by the record.
    expect(await states.get('it', 'a')).toEqual({ version: 1, chunks: 1, deleted: false });
  });

  it('writes no freshness for a state saved without an event, and 0 when the source clock ran ahead', async () => {
    const states = new DocumentStateRepository(es, `${prefix}-fresh`);
    await states.saveMany([
      { source: 'it', docId: 'mark', state: { version: -1, chunks: 3, deleted: false } },
      {
        source: 'it',
        docId: 'ahead',
        state: { version: 1, chunks: 1, deleted: false },
        occurredAt: new Date(Date.now() + 60_000).toISOString(),
      },
    ]);
    const mark = await raw(`${prefix}-fresh`, 'mark');
    expect(mark).not.toHaveProperty('occurredAt');
    expect(mark).not.toHaveProperty('freshnessMs');
    expect((await raw(`${prefix}-fresh`, 'ahead')).freshnessMs).toBe(0);
  });

  it('upgrades a state index created before the freshness fields, idempotently, so writes with them succeed', async () => {
    const index = `${prefix}-old`;
    // The mapping as the first release created it: strict, without occurredAt and freshnessMs.
    await es.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        dynamic: 'strict',
        properties: {
          source: { type: 'keyword' },
          docId: { type: 'keyword' },
          version: { type: 'long' },
          chunks: { type: 'integer' },
          deleted: { type: 'boolean' },
          updatedAt: { type: 'date' },
        },
      },
    });
    const states = new DocumentStateRepository(es, index);
    const write = () =>
      states.saveMany([
        {
          source: 'it',
          docId: 'old',
          state: { version: 2, chunks: 1, deleted: false },
          occurredAt: new Date().toISOString(),
        },
      ]);
    // Proves the upgrade is needed: the strict mapping refuses the new fields.
    await expect(write()).rejects.toThrow(/strict_dynamic_mapping_exception/);

    await states.ensure();
    await states.ensure();
    const mapping = await es.indices.getMapping({ index });
    expect(mapping[index]?.mappings.properties).toMatchObject({
      occurredAt: { type: 'date' },
      freshnessMs: { type: 'long' },
    });
    expect(mapping[index]?.mappings.dynamic).toBe('strict');
    await write();
    expect((await raw(index, 'old')).freshnessMs).toBeGreaterThanOrEqual(0);
  });
});
