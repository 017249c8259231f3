import pino from 'pino';
import { Registry } from 'prom-client';
import type { ConsumerGroupLagV1, OperationsOverviewV1 } from '@tributary/contracts';
import { ConsoleMetrics } from '../console-metrics';
import { LagSampler, type LagSource } from './lag-sampler.service';
import { LagTrend } from './lag-trend';

const SAMPLE_MS = 5_000;

const group = (name: string, lags: number[]): ConsumerGroupLagV1 => ({
  group: name,
  topic: 'changes',
  state: 'Stable',
  members: 1,
  lag: lags.reduce((sum, lag) => sum + lag, 0),
  partitions: lags.map((lag, partition) => ({ partition, committed: 0, end: lag, lag })),
  trend: [],
});

const overview = (pending: number, failedConnector: boolean): OperationsOverviewV1 => ({
  generatedAt: new Date().toISOString(),
  topics: { ok: true, value: [] },
  consumerGroups: { ok: false, error: 'Kafka is away' },
  deadLetters: { ok: true, value: { pending, letters: [] } },
  queues: {
    ok: true,
    value: [
      {
        name: 'tributary-finetune',
        counts: { waiting: 2, active: 1, delayed: 0, failed: 3, completed: 9, paused: 0 },
        paused: false,
      },
    ],
  },
  connectors: {
    ok: true,
    value: [
      {
        source: 'docs',
        tenant: 'default',
        kind: 'filesystem',
        schedule: 'every 60s',
        checkpoints: 4,
        lastRun: {
          seen: 4,
          changed: 1,
          deleted: 0,
          failed: 0,
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:01.000Z',
          ...(failedConnector ? { error: 'source unreachable' } : {}),
        },
      },
    ],
  },
  index: { ok: false, error: 'not read' },
  freshness: { ok: false, error: 'not read' },
  finetune: { ok: false, error: 'not read' },
});

/** A fake OperationsService whose answers the test sets, counting the reads. */
function setup() {
  let clock = Date.UTC(2026, 0, 1);
  const reads = { lag: 0, overview: 0 };
  const answers: { lag: () => Promise<ConsumerGroupLagV1[]>; overview: () => Promise<OperationsOverviewV1> } =
    {
      lag: async () => [],
      overview: async () => overview(0, false),
    };
  const source: LagSource = {
    consumerLag: () => {
      reads.lag++;
      return answers.lag();
    },
    overview: () => {
      reads.overview++;
      return answers.overview();
    },
  };
  const registry = new Registry();
  const metrics = new ConsoleMetrics(registry);
  const trend = new LagTrend(3);
  const sampler = new LagSampler(
    source,
    trend,
    metrics,
    SAMPLE_MS,
    pino({ level: 'silent' }),
    () => new Date(clock),
  );
  const advance = (ms: number) => (clock += ms);
  const gauge = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return { sampler, trend, metrics, answers, reads, advance, gauge };
}

describe('LagSampler', () => {
  it('adds each sample to the group’s trend, keeping the configured number, and sets the lag gauge per partition', async () => {
    const { sampler, trend, answers, advance, gauge } = setup();
    for (const lags of [
      [5, 1],
      [3, 0],
      [1, 0],
      [0, 0],
    ]) {
      answers.lag = async () => [group('embedder', lags)];
      await sampler.sample();
      advance(SAMPLE_MS);
    }
    expect(trend.of('embedder', 'changes').map(({ lag }) => lag)).toEqual([3, 1, 0]);
    answers.lag = async () => [group('embedder', [7, 2])];
    await sampler.sample();
    expect(await gauge('tributary_kafka_consumer_lag')).toEqual(
      expect.arrayContaining([
        { value: 7, labels: { group: 'embedder', topic: 'changes', partition: '0' } },
        { value: 2, labels: { group: 'embedder', topic: 'changes', partition: '1' } },
      ]),
    );
  });

  it('drops the lag series of a group that went away', async () => {
    const { sampler, answers, gauge } = setup();
    answers.lag = async () => [group('old', [4]), group('new', [1])];
    await sampler.sample();
    answers.lag = async () => [group('new', [0])];
    await sampler.sample();
    expect((await gauge('tributary_kafka_consumer_lag')).map(({ labels }) => labels['group'])).toEqual([
      'new',
    ]);
  });

  it('reads an overview for the other gauges only when no page read one within a sample period', async () => {
    const { sampler, metrics, reads, advance, answers, gauge } = setup();
    answers.overview = async () => overview(6, true);
    await sampler.sample();
    expect(reads.overview).toBe(1);
    expect((await gauge('tributary_dead_letters_pending'))[0]?.value).toBe(6);
    expect(await gauge('tributary_bullmq_jobs')).toEqual(
      expect.arrayContaining([{ value: 3, labels: { queue: 'tributary-finetune', state: 'failed' } }]),
    );
    expect(await gauge('tributary_connector_last_run_failed')).toEqual([
      { value: 1, labels: { source: 'docs', kind: 'filesystem' } },
    ]);

    // A page polled just now: the sampler leaves the overview to it.
    advance(SAMPLE_MS);
    metrics.recordOverview(overview(2, false), Date.UTC(2026, 0, 1) + SAMPLE_MS - 1_000);
    await sampler.sample();
    expect(reads.overview).toBe(1);
    expect((await gauge('tributary_dead_letters_pending'))[0]?.value).toBe(2);
    expect((await gauge('tributary_connector_last_run_failed'))[0]?.value).toBe(0);
  });

  it('keeps going when a read fails: no trend point, the gauges as they were', async () => {
    const { sampler, trend, answers, reads, advance } = setup();
    answers.lag = async () => [group('g', [3])];
    await sampler.sample();
    advance(SAMPLE_MS);
    answers.lag = () => Promise.reject(new Error('broker down'));
    answers.overview = () => Promise.reject(new Error('broker down'));
    await expect(sampler.sample()).resolves.toBeUndefined();
    expect(trend.of('g', 'changes').map(({ lag }) => lag)).toEqual([3]);
    expect(reads.lag).toBe(2);
  });

  it('samples on its own timer once started, and stops', async () => {
    jest.useFakeTimers();
    try {
      const { sampler, reads } = setup();
      sampler.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(reads.lag).toBe(1);
      await jest.advanceTimersByTimeAsync(SAMPLE_MS);
      expect(reads.lag).toBe(2);
      await sampler.stop();
      await jest.advanceTimersByTimeAsync(SAMPLE_MS * 3);
      expect(reads.lag).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
