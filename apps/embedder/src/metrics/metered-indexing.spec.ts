import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import type { IndexingOutcome } from '@tributary/indexing';
import { createMetricsRegistry } from '@tributary/observability';
import type { Registry } from 'prom-client';
import { EmbedderMetrics } from './embedder-metrics';
import { MeteredIndexing, type ChangeApplier } from './metered-indexing';

const change = (docId: string, occurredAt: string): DocumentChangeV1 => ({
  schema: DOCUMENT_CHANGE_V1,
  source: 'docs',
  docId,
  version: 1,
  occurredAt,
  op: 'delete',
});

/** The value of one sample line of the scrape, e.g. `name{label="x"}`. */
async function sample(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MeteredIndexing', () => {
  const setup = (applyAll: ChangeApplier['applyAll']) => {
    const registry = createMetricsRegistry();
    const metrics = new EmbedderMetrics(registry);
    const indexing = new MeteredIndexing(
      { apply: async () => ({ kind: 'stale', indexedVersion: 0 }), applyAll },
      metrics,
    );
    return { registry, indexing };
  };

  it('counts each change by outcome, the chunks of indexed ones, and times the slice', async () => {
    const outcomes: IndexingOutcome[] = [
      { kind: 'indexed', chunks: 3, reusedEmbeddings: 1 },
      { kind: 'indexed', chunks: 2, reusedEmbeddings: 0 },
      { kind: 'deleted', chunks: 4 },
      { kind: 'stale', indexedVersion: 7 },
      { kind: 'superseded', byVersion: 2 },
    ];
    const now = new Date().toISOString();
    const { registry, indexing } = setup(async () => outcomes);
    await expect(indexing.applyAll(outcomes.map((_, i) => change(`d${i}`, now)))).resolves.toBe(outcomes);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="indexed"}')).toBe(2);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="deleted"}')).toBe(1);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="stale"}')).toBe(1);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="superseded"}')).toBe(1);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="dead-lettered"}')).toBe(0);
    expect(await sample(registry, 'tributary_embedder_chunks_total')).toBe(5);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="slice"}')).toBe(1);
  });

  it("observes each event's time in the pipe, from its occurredAt to the slice start, as the kafka stage", async () => {
    const { registry, indexing } = setup(async (changes) =>
      changes.map(() => ({ kind: 'deleted', chunks: 0 })),
    );
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
    await indexing.applyAll([change('a', ago(3)), change('b', ago(40))]);
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="kafka"}')).toBe(2);
    expect(
      await sample(registry, 'tributary_embedder_stage_duration_seconds_bucket{le="2.5",stage="kafka"}'),
    ).toBe(0);
    expect(
      await sample(registry, 'tributary_embedder_stage_duration_seconds_bucket{le="5",stage="kafka"}'),
    ).toBe(1);
    expect(
      await sample(registry, 'tributary_embedder_stage_duration_seconds_bucket{le="60",stage="kafka"}'),
    ).toBe(2);
  });

  it('times a failed slice and counts no outcome for it', async () => {
    const { registry, indexing } = setup(async () => {
      throw new Error('es down');
    });
    await expect(indexing.apply(change('a', new Date().toISOString()))).rejects.toThrow('es down');
    expect(await sample(registry, 'tributary_embedder_stage_duration_seconds_count{stage="slice"}')).toBe(1);
    expect(await sample(registry, 'tributary_embedder_changes_total{outcome="deleted"}')).toBe(0);
  });
});
