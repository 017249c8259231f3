import { HashingEmbeddingProvider } from '@tributary/embeddings';
import type { ChunkStore, DocumentStateStore, WriteTargets } from '@tributary/indexing';
import { createMetricsRegistry } from '@tributary/observability';
import type { Registry } from 'prom-client';
import { EmbedderMetrics } from './embedder-metrics';
import { meteredChunkStore, meteredStateStore, meteredWriteTargets } from './metered-ports';

async function sample(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const setup = () => {
  const registry = createMetricsRegistry();
  return { registry, metrics: new EmbedderMetrics(registry) };
};

describe('metered ports of the embedder', () => {
  it('observes freshness from each saved state’s occurredAt once the state write succeeded', async () => {
    const { registry, metrics } = setup();
    const saved: unknown[] = [];
    const states: DocumentStateStore = {
      getMany: async () => new Map(),
      saveMany: async (entries) => void saved.push(...entries),
    };
    const metered = meteredStateStore(states, metrics);
    const state = { version: 1, chunks: 1, deleted: false };
    await metered.saveMany([
      { source: 's', docId: 'fresh', state, occurredAt: new Date(Date.now() - 200).toISOString() },
      { source: 's', docId: 'old', state, occurredAt: new Date(Date.now() - 90_000).toISOString() },
      { source: 's', docId: 'mark', state },
    ]);
    expect(saved).toHaveLength(3);
    expect(await sample(registry, 'tributary_freshness_seconds_count')).toBe(2);
    expect(await sample(registry, 'tributary_freshness_seconds_bucket{le="0.05"}')).toBe(0);
    expect(await sample(registry, 'tributary_freshness_seconds_bucket{le="1"}')).toBe(1);
    expect(await sample(registry, 'tributary_freshness_seconds_bucket{le="60"}')).toBe(1);
    expect(await sample(registry, 'tributary_freshness_seconds_bucket{le="120"}')).toBe(2);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="write"}')).toBe(1);
  });

  it('observes no freshness when the state write failed, but times the attempt', async () => {
    const { registry, metrics } = setup();
    const metered = meteredStateStore(
      {
        getMany: async () => new Map(),
        saveMany: async () => {
          throw new Error('rejected');
        },
      },
      metrics,
    );
    await expect(
      metered.saveMany([
        {
          source: 's',
          docId: 'a',
          state: { version: 1, chunks: 0, deleted: true },
          occurredAt: new Date().toISOString(),
        },
      ]),
    ).rejects.toThrow('rejected');
    expect(await sample(registry, 'tributary_freshness_seconds_count')).toBe(0);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="write"}')).toBe(1);
  });

  it('times chunk writes as write and stored-vector lookups as read', async () => {
    const { registry, metrics } = setup();
    const chunks: ChunkStore = { writeMany: async () => undefined, storedEmbeddings: async () => new Map() };
    const metered = meteredChunkStore(chunks, metrics);
    await metered.writeMany([]);
    await metered.storedEmbeddings([], 'idx');
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="write"}')).toBe(1);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="read"}')).toBe(1);
  });

  it("times every target's embedding calls that have texts, and returns the provider's vectors", async () => {
    const { registry, metrics } = setup();
    const provider = new HashingEmbeddingProvider(8);
    const targets: WriteTargets = {
      current: async () => [
        { index: 'a', versioned: false, embeddings: provider },
        { index: 'b', versioned: true, embeddings: new HashingEmbeddingProvider(16) },
      ],
    };
    const [first, second] = await meteredWriteTargets(targets, metrics).current();
    expect(first).toMatchObject({ index: 'a', versioned: false });
    expect(first!.embeddings.modelId).toBe(provider.modelId);
    expect(await first!.embeddings.embedDocuments(['x'])).toEqual(await provider.embedDocuments(['x']));
    await second!.embeddings.embedDocuments(['y', 'z']);
    await first!.embeddings.embedDocuments([]);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="embed"}')).toBe(2);
  });
});
