import { Client } from '@elastic/elasticsearch';
import type { FineTuneRunV1 } from '@tributary/contracts';
import { realServices, uniqueName } from '@tributary/testing';
import { RUN_LOG_LIMIT, RunRepository } from './run.repository';

const run = (
  runId: string,
  plan: string,
  createdAt: string,
  overrides: Partial<FineTuneRunV1> = {},
): FineTuneRunV1 => ({
  runId,
  plan,
  trigger: 'manual',
  requestedBy: 'alice',
  status: 'queued',
  attempt: 1,
  createdAt,
  stages: {},
  logs: [],
  ...overrides,
});

describe('RunRepository (real Elasticsearch)', () => {
  let es: Client;
  let index: string;
  let runs: RunRepository;

  beforeAll(() => {
    es = new Client({ node: realServices.elasticsearchUrl });
  });
  beforeEach(async () => {
    index = uniqueName('it-runs');
    runs = new RunRepository(es, index);
    await runs.ensure();
    // Refreshing writes wait for a refresh: a short interval keeps the suite quick.
    await es.indices.putSettings({ index, settings: { refresh_interval: '50ms' } });
  });
  afterEach(() => es.indices.delete({ index, ignore_unavailable: true }));
  afterAll(() => es.close());

  it('reads back a saved run at once, before any refresh, and rewrites it whole on the next save', async () => {
    await es.indices.putSettings({ index, settings: { refresh_interval: '-1' } });
    const queued = run('r1', 'adapters', '2026-01-01T00:00:00Z');
    await runs.save(queued);
    expect(await runs.get('r1')).toEqual(queued);

    const running: FineTuneRunV1 = {
      ...queued,
      status: 'running',
      startedAt: '2026-01-01T00:00:01Z',
      stages: { dataset: { status: 'running', startedAt: '2026-01-01T00:00:01Z', inputs: { seed: 42 } } },
    };
    await runs.save(running);
    expect(await runs.get('r1')).toEqual(running);
    expect(await runs.get('missing')).toBeUndefined();
  });

  it('keeps only the last RUN_LOG_LIMIT log lines', async () => {
    const logs = Array.from({ length: RUN_LOG_LIMIT + 5 }, (_, i) => ({
      at: '2026-01-01T00:00:00Z',
      level: 'info' as const,
      message: `line ${i}`,
    }));
    await runs.save(run('r1', 'adapters', '2026-01-01T00:00:00Z', { logs }));
    const stored = await runs.get('r1');
    expect(stored?.logs).toHaveLength(RUN_LOG_LIMIT);
    expect(stored?.logs[0]?.message).toBe('line 5');
    expect(stored?.logs.at(-1)?.message).toBe(`line ${RUN_LOG_LIMIT + 4}`);
  });

  it('lists runs newest first, filtered by plan and status, up to size', async () => {
    await runs.save(run('old', 'adapters', '2026-01-01T00:00:00Z', { status: 'succeeded' }), {
      refresh: true,
    });
    await runs.save(run('newest', 'adapters', '2026-01-03T00:00:00Z', { status: 'failed' }), {
      refresh: true,
    });
    await runs.save(run('middle', 'adapters', '2026-01-02T00:00:00Z', { status: 'succeeded' }), {
      refresh: true,
    });
    await runs.save(run('other', 'chat', '2026-01-04T00:00:00Z'), { refresh: true });

    expect((await runs.list()).map((r) => r.runId)).toEqual(['other', 'newest', 'middle', 'old']);
    expect((await runs.list({ plan: 'adapters' })).map((r) => r.runId)).toEqual(['newest', 'middle', 'old']);
    expect((await runs.list({ plan: 'adapters', status: 'succeeded' })).map((r) => r.runId)).toEqual([
      'middle',
      'old',
    ]);
    expect((await runs.list({ size: 2 })).map((r) => r.runId)).toEqual(['other', 'newest']);
  });

  it('lists nothing, rather than failing, before the index exists', async () => {
    const missing = new RunRepository(es, uniqueName('it-runs-missing'));
    expect(await missing.list()).toEqual([]);
    expect(await missing.get('r1')).toBeUndefined();
  });
});
