import { Counter } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics';

describe('metrics registry and controller', () => {
  it('serves the process metrics and the app series registered on the registry, in the text format', async () => {
    const registry = createMetricsRegistry();
    new Counter({ name: 'test_jobs_total', help: 'jobs', registers: [registry] }).inc(3);
    const text = await new MetricsController(registry).scrape();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/^test_jobs_total 3$/m);
  });

  it("gives each app a registry of its own: one app's series never show in another's", async () => {
    const first = createMetricsRegistry();
    const second = createMetricsRegistry();
    new Counter({ name: 'test_only_first_total', help: 'first', registers: [first] }).inc();
    expect(await second.metrics()).not.toContain('test_only_first_total');
  });
});
