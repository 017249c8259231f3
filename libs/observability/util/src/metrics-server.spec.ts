import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  let server: MetricsServer;

  beforeAll(async () => {
    const registry = createMetricsRegistry();
    new Counter({ name: 'test_passes_total', help: 'passes', registers: [registry] }).inc(2);
    server = await startMetricsServer(registry, 0, '127.0.0.1');
  });

  afterAll(() => server.close());

  it('serves the registry on GET /metrics in the Prometheus text format', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^test_passes_total 2$/m);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers /healthz while the process lives, 404 elsewhere and 405 for other methods', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a port outside 0-65535 with a clear error', async () => {
    await expect(startMetricsServer(createMetricsRegistry(), 70_000)).rejects.toThrow(
      'metrics port must be an integer from 0 to 65535, got 70000',
    );
  });

  it('fails to start on a port already in use, rather than serving nothing', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer(createMetricsRegistry(), port, '127.0.0.1')).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
