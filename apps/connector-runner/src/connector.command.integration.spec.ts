import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ConnectorRunService, type RunOptions, type RunSummary } from '@tributary/connectors';
import {
  ConnectorRegistryRepository,
  SourceTenantRepository,
  type SourceConnector,
} from '@tributary/connectors-data-access';
import { createMetricsRegistry } from '@tributary/observability';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { runConnector } from './connector.command';
import { RunnerMetrics } from './runner-metrics';

/**
 * The runner against the real Redis registry (its own keys): a pass's counts
 * show as currentRun while it runs and are gone after it, and a run-now
 * request starts a scheduled runner's next pass within about a second.
 * The pass itself is a stand-in service, so no Kafka is needed.
 */
describe('runConnector with the Redis registry', () => {
  let redis: Redis;
  let registry: ConnectorRegistryRepository;
  let key: string;
  const source = 'it-docs';
  const passStarts: number[] = [];
  let passMs = 0;

  const connector: SourceConnector = {
    kind: 'memory',
    async *scan() {
      // the stand-in service below does not scan
    },
  };

  /** A pass that reports progress every 100 ms for passMs. */
  const runs = {
    runOnce: async (name: string, _c: SourceConnector, options: RunOptions): Promise<RunSummary> => {
      passStarts.push(Date.now());
      const started = Date.now();
      let seen = 0;
      while (Date.now() - started < passMs) {
        seen++;
        options.onProgress?.({ seen, changed: seen, deleted: 0, failed: 0 });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { source: name, seen, changed: seen, deleted: 0, failed: 0, failures: [], durationMs: passMs };
    },
  };

  beforeAll(async () => {
    redis = new Redis(realServices.redisUrl);
    key = uniqueName('it:connectors');
    registry = new ConnectorRegistryRepository(redis, key);
  });

  afterAll(async () => {
    await redis.del(key, `${key}:run-requests`, `${key}:tenants`);
    redis.disconnect();
  });

  const start = (
    schedule: { kind: 'once' } | { kind: 'interval'; seconds: number },
    signal?: AbortSignal,
  ) => {
    const providers = new Map<unknown, unknown>([
      [SourceTenantRepository, new SourceTenantRepository(redis, `${key}:tenants`)],
      [ConnectorRegistryRepository, registry],
      [ConnectorRunService, runs],
      [RunnerMetrics, new RunnerMetrics(createMetricsRegistry())],
    ]);
    const app = { get: (token: unknown) => providers.get(token) } as unknown as INestApplicationContext;
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    return runConnector(
      app,
      connector,
      source,
      { tenant: 'acme', schedule, settings: {}, ...(signal ? { signal } : {}) },
      () => undefined,
    );
  };

  afterEach(() => jest.restoreAllMocks());

  it('shows the running pass as currentRun, refreshed while it runs, and clears it when the pass ends', async () => {
    passMs = 4_500;
    const running = start({ kind: 'once' });
    const early = await eventually(async () => {
      const run = (await registry.get(source))?.currentRun;
      expect(run?.seen).toBeGreaterThan(0);
      return run!;
    });
    expect(Math.abs(Date.parse(early.startedAt) - passStarts.at(-1)!)).toBeLessThan(1_000);
    const later = await eventually(
      async () => {
        const run = (await registry.get(source))?.currentRun;
        expect(run?.seen).toBeGreaterThan(early.seen);
        return run!;
      },
      { timeoutMs: 4_000 },
    );
    expect(later.startedAt).toBe(early.startedAt);
    await expect(running).resolves.toBe(0);
    const after = await registry.get(source);
    expect(after?.currentRun).toBeUndefined();
    expect(after?.lastRun?.seen).toBeGreaterThanOrEqual(later.seen);
  });

  it('starts a pass within about a second of a run-now request while waiting for its schedule', async () => {
    passMs = 0;
    passStarts.length = 0;
    const stop = new AbortController();
    const running = start({ kind: 'interval', seconds: 3600 }, stop.signal);
    await eventually(async () => expect(passStarts).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requestedAt = Date.now();
    expect(await registry.requestRun(source, 'ops@acme')).toBe(true);
    await eventually(async () => expect(passStarts).toHaveLength(2), { timeoutMs: 3_000 });
    expect(passStarts[1]! - requestedAt).toBeLessThan(1_500);
    expect(await registry.runRequest(source)).toBeUndefined();
    stop.abort();
    await expect(running).resolves.toBe(0);
    expect(passStarts).toHaveLength(2);
  });
});
