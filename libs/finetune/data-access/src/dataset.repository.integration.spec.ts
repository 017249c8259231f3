import { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { DatasetRepository, type StoredDataset } from './dataset.repository';

const dataset = (id: string, lineage: Record<string, unknown> = { seed: 42 }): StoredDataset => ({
  id,
  plan: 'adapters',
  createdAt: '2026-01-01T00:00:00Z',
  lineage,
  counts: { train: 1, holdout: 1, feedbackPairs: 1, pseudoPairs: 1, queries: 2 },
  train: [
    {
      query: 'reset a password',
      positive: { source: 'wiki', docId: 'a', chunk: 0 },
      grade: 3,
      origin: 'feedback',
    },
  ],
  holdout: [
    {
      query: 'rotate keys',
      positive: { source: 'wiki', docId: 'b' },
      grade: 1,
      origin: 'pseudo',
      negatives: [{ source: 'wiki', docId: 'c' }],
    },
  ],
});

describe('DatasetRepository (real Elasticsearch)', () => {
  let es: Client;
  let index: string;
  let datasets: DatasetRepository;

  beforeAll(async () => {
    es = new Client({ node: realServices.elasticsearchUrl });
    index = uniqueName('it-datasets');
    datasets = new DatasetRepository(es, index);
    await datasets.ensure();
    await datasets.ensure();
    // Creates wait for a refresh: a short interval keeps the suite quick.
    await es.indices.putSettings({ index, settings: { refresh_interval: '50ms' } });
  });
  afterAll(async () => {
    await es.indices.delete({ index, ignore_unavailable: true });
    await es.close();
  });

  it('stores a dataset version once: saving the same id again returns false and keeps the first', async () => {
    const first = dataset('sha-1');
    expect(await datasets.save(first)).toBe(true);
    expect(await datasets.save(dataset('sha-1', { seed: 7 }))).toBe(false);
    expect(await datasets.get('sha-1')).toEqual(first);
  });

  it('stores a different version beside it, and reads nothing for an unknown id', async () => {
    expect(await datasets.save(dataset('sha-2'))).toBe(true);
    expect((await datasets.get('sha-2'))?.id).toBe('sha-2');
    expect(await datasets.get('sha-unknown')).toBeUndefined();
  });
});
