import type { Job } from 'bullmq';
import type { FineTuneRunJobV1, FineTuneRunV1 } from '@tributary/contracts';
import { createMetricsRegistry } from '@tributary/observability';
import { FineTuneWorkerMetrics, registerScheduleGauge } from './finetune-metrics';
import { meteredRunProcessor, type RunLookups } from './metered-run.processor';

const job = { id: 'run-1', data: { plan: 'support', trigger: 'manual' } } as unknown as Job<FineTuneRunJobV1>;

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('meteredRunProcessor', () => {
  const setup = (lookups: Partial<RunLookups> = {}) => {
    const registry = createMetricsRegistry();
    const metrics = new FineTuneWorkerMetrics(registry);
    const all: RunLookups = {
      trainerOf: async () => 'query-adapter',
      runOf: async () => undefined,
      ...lookups,
    };
    return {
      registry,
      metered: (p: Parameters<typeof meteredRunProcessor>[0]) => meteredRunProcessor(p, metrics, all),
    };
  };

  it('observes a finished run by plan, trainer, status and outcome, and the stages it finished', async () => {
    const stages: FineTuneRunV1['stages'] = {
      dataset: { status: 'succeeded', startedAt: ago(10_000), finishedAt: ago(9_000), inputs: {} },
      train: {
        status: 'succeeded',
        startedAt: ago(50),
        finishedAt: new Date(Date.now() + 1_000).toISOString(),
        inputs: {},
      },
      evaluate: { status: 'running', startedAt: ago(10), inputs: {} },
    };
    const { registry, metered } = setup({
      runOf: async (runId) => (runId === 'run-1' ? { stages } : undefined),
    });
    await expect(metered(async () => ({ status: 'succeeded', outcome: 'promoted' }))(job)).resolves.toEqual({
      status: 'succeeded',
      outcome: 'promoted',
    });
    const text = await registry.metrics();
    expect(text).toMatch(
      /^tributary_finetune_run_duration_seconds_count\{plan="support",trainer="query-adapter",status="succeeded"\} 1$/m,
    );
    expect(text).toMatch(
      /^tributary_finetune_runs_total\{plan="support",status="succeeded",outcome="promoted"\} 1$/m,
    );
    // train finished in this attempt; dataset finished before it started (an earlier attempt); evaluate never finished.
    expect(text).toMatch(/^tributary_finetune_stage_duration_seconds_count\{stage="train"\} 1$/m);
    expect(text).not.toMatch(/stage_duration_seconds_count\{stage="(dataset|evaluate)"\}/);
  });

  it('counts a thrown attempt as failed, rethrows it, and survives lookups that fail', async () => {
    const { registry, metered } = setup({
      trainerOf: async () => {
        throw new Error('redis away');
      },
      runOf: async () => {
        throw new Error('es away');
      },
    });
    await expect(
      metered(async () => {
        throw new Error('boom');
      })(job),
    ).rejects.toThrow('boom');
    const text = await registry.metrics();
    expect(text).toMatch(
      /^tributary_finetune_runs_total\{plan="support",status="failed",outcome="none"\} 1$/m,
    );
    expect(text).toMatch(/trainer="unknown",status="failed"\} 1$/m);
  });
});

describe('the schedules gauge', () => {
  it('reads the number of scheduled plans at scrape time', async () => {
    const registry = createMetricsRegistry();
    let schedules = 2;
    registerScheduleGauge(registry, async () => schedules);
    expect(await registry.metrics()).toMatch(/^tributary_finetune_schedules 2$/m);
    schedules = 0;
    expect(await registry.metrics()).toMatch(/^tributary_finetune_schedules 0$/m);
  });
});
