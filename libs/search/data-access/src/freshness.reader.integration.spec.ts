import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { DocumentStateRepository } from './document-state.repository';
import { createElasticsearchClient } from './elasticsearch-client';
import { FreshnessReader } from './freshness.reader';

describe('FreshnessReader (real Elasticsearch)', () => {
  let es: Client;
  let index: string;
  const now = new Date('2026-11-24T12:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  /** Document states as the embedder writes them, with the freshness fields (or without, as before they existed). */
  const write = async (states: { updatedAt: string; freshnessMs?: number }[]) => {
    await es.bulk({
      refresh: true,
      operations: states.flatMap((state, i) => [
        { index: { _index: index, _id: String(i) } },
        {
          source: 's',
          docId: `d${i}`,
          version: 1,
          chunks: 1,
          deleted: false,
          ...state,
          ...(state.freshnessMs === undefined
            ? {}
            : { occurredAt: new Date(Date.parse(state.updatedAt) - state.freshnessMs).toISOString() }),
        },
      ]),
    });
  };

  beforeAll(() => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  });
  beforeEach(async () => {
    index = uniqueName('it-freshness');
    await es.indices.create({
      index,
      mappings: {
        dynamic: 'strict',
        properties: {
          source: { type: 'keyword' },
          docId: { type: 'keyword' },
          version: { type: 'long' },
          chunks: { type: 'integer' },
          deleted: { type: 'boolean' },
          updatedAt: { type: 'date' },
          occurredAt: { type: 'date' },
          freshnessMs: { type: 'long' },
        },
      },
    });
  });
  afterEach(() => es.indices.delete({ index, ignore_unavailable: true }));
  afterAll(() => es.close());

  it('takes p50 and p99 over the states written in the window, ignoring older ones and those without the field', async () => {
    // 100 recent samples: 1..100 s. Old ones are far slower and must not count.
    await write([
      ...Array.from({ length: 100 }, (_, i) => ({
        updatedAt: minutesAgo(1 + (i % 10)),
        freshnessMs: (i + 1) * 1000,
      })),
      ...Array.from({ length: 20 }, () => ({ updatedAt: minutesAgo(30), freshnessMs: 3_600_000 })),
      { updatedAt: minutesAgo(2) },
    ]);

    const freshness = await new FreshnessReader(es, index).read(15 * 60_000, now);

    expect(freshness.windowSeconds).toBe(900);
    expect(freshness.samples).toBe(100);
    // TDigest estimates: within a second of the exact percentiles (50.5 s and 99.01 s).
    expect(freshness.p50Seconds).toBeGreaterThanOrEqual(49.5);
    expect(freshness.p50Seconds).toBeLessThanOrEqual(51.5);
    expect(freshness.p99Seconds).toBeGreaterThanOrEqual(98);
    expect(freshness.p99Seconds).toBeLessThanOrEqual(100);
  });

  it('widens with the window: the old, slow states count once they are inside it', async () => {
    await write([
      { updatedAt: minutesAgo(1), freshnessMs: 500 },
      { updatedAt: minutesAgo(30), freshnessMs: 60_000 },
    ]);

    const reader = new FreshnessReader(es, index);

    expect(await reader.read(15 * 60_000, now)).toEqual({
      windowSeconds: 900,
      samples: 1,
      p50Seconds: 0.5,
      p99Seconds: 0.5,
    });
    expect((await reader.read(60 * 60_000, now)).samples).toBe(2);
  });

  it('reports no samples and null percentiles for an empty window or a missing index, and refuses a bad window', async () => {
    await write([{ updatedAt: minutesAgo(60), freshnessMs: 100 }]);

    expect(await new FreshnessReader(es, index).read(60_000, now)).toEqual({
      windowSeconds: 60,
      samples: 0,
      p50Seconds: null,
      p99Seconds: null,
    });
    expect((await new FreshnessReader(es, `${index}-missing`).read(60_000, now)).samples).toBe(0);
    await expect(new FreshnessReader(es, index).read(0, now)).rejects.toThrow(/freshness window/);
  });

  it('reads what the document state repository writes', async () => {
    const states = new DocumentStateRepository(es, `${index}-states`);
    await states.ensure();
    const occurredAt = new Date(Date.now() - 2_000).toISOString();
    await states.saveMany([
      { source: 's', docId: 'a', state: { version: 1, chunks: 1, deleted: false }, occurredAt },
      // A bookkeeping write carries no occurredAt, hence no freshness: it must not count.
      { source: 's', docId: 'b', state: { version: 1, chunks: 1, deleted: false } },
    ]);
    await es.indices.refresh({ index: `${index}-states` });

    try {
      const freshness = await new FreshnessReader(es, `${index}-states`).read(60_000);

      expect(freshness.samples).toBe(1);
      expect(freshness.p50Seconds).toBeGreaterThanOrEqual(2);
      expect(freshness.p50Seconds).toBeLessThan(10);
    } finally {
      await es.indices.delete({ index: `${index}-states`, ignore_unavailable: true });
    }
  });
});
