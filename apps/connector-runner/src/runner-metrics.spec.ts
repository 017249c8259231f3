import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import { createLogger, createMetricsRegistry } from '@tributary/observability';
import { RunnerMetrics } from './runner-metrics';
import { RunnerMetricsServer } from './runner-metrics.server';
import { runnerConfigSchema } from './runner.config';

const change = (source: string): DocumentChangeV1 => ({
  schema: DOCUMENT_CHANGE_V1,
  source,
  docId: 'a',
  version: 1,
  occurredAt: new Date().toISOString(),
  op: 'delete',
});

describe('RunnerMetrics', () => {
  it('times each publish by source, failed ones too, and skips empty batches', async () => {
    const metrics = new RunnerMetrics(createMetricsRegistry());
    let fail = false;
    const publisher = metrics.timedPublisher({
      publish: async () => {
        if (fail) throw new Error('kafka away');
      },
    });
    await publisher.publish([change('docs'), change('docs')]);
    await publisher.publish([]);
    fail = true;
    await expect(publisher.publish([change('wiki')])).rejects.toThrow('kafka away');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^tributary_connector_publish_duration_seconds_count\{source="docs"\} 1$/m);
    expect(text).toMatch(/^tributary_connector_publish_duration_seconds_count\{source="wiki"\} 1$/m);
  });

  it('records a failed pass by outcome without counts or a new last success', async () => {
    const metrics = new RunnerMetrics(createMetricsRegistry());
    metrics.observePass('docs', 'filesystem', 2, new Error('redis away'));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /^tributary_connector_pass_duration_seconds_count\{source="docs",kind="filesystem",outcome="failed"\} 1$/m,
    );
    expect(text).not.toMatch(/^tributary_connector_last_success_timestamp_seconds\{/m);
    expect(text).not.toMatch(/^tributary_connector_changes_total\{/m);
  });
});

describe('RunnerMetricsServer', () => {
  const logger = createLogger('test', 'silent');

  it('serves the runner metrics on METRICS_PORT and stops with the app', async () => {
    const metrics = new RunnerMetrics(createMetricsRegistry());
    metrics.observePass('docs', 'web', 1, {
      source: 'docs',
      seen: 3,
      changed: 1,
      deleted: 0,
      failed: 0,
      failures: [],
      durationMs: 1000,
    });
    const config = runnerConfigSchema.parse({ METRICS_PORT: '3194', METRICS_HOST: '127.0.0.1' });
    const server = new RunnerMetricsServer(config, logger, metrics);
    await server.onApplicationBootstrap();
    try {
      const text = await (await fetch('http://127.0.0.1:3194/metrics')).text();
      expect(text).toMatch(
        /^tributary_connector_changes_total\{source="docs",kind="web",change="seen"\} 3$/m,
      );
      expect((await fetch('http://127.0.0.1:3194/healthz')).status).toBe(200);
    } finally {
      await server.onApplicationShutdown();
    }
    await expect(fetch('http://127.0.0.1:3194/healthz')).rejects.toThrow();
  });

  it('serves nothing without METRICS_PORT, and refuses a port out of range', async () => {
    const server = new RunnerMetricsServer(
      runnerConfigSchema.parse({}),
      logger,
      new RunnerMetrics(createMetricsRegistry()),
    );
    await server.onApplicationBootstrap();
    await server.onApplicationShutdown();
    expect(runnerConfigSchema.safeParse({ METRICS_PORT: '70000' }).success).toBe(false);
    expect(runnerConfigSchema.safeParse({ METRICS_PORT: 'abc' }).success).toBe(false);
  });
});
