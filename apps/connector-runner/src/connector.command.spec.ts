import type { INestApplicationContext } from '@nestjs/common';
import { ConnectorRunService, type RunOptions, type RunSummary } from '@tributary/connectors';
import {
  ConnectorRegistryRepository,
  SourceTenantRepository,
  type ConnectorInstance,
  type ConnectorRunRequest,
  type SourceClaim,
  type SourceConnector,
} from '@tributary/connectors-data-access';
import { createMetricsRegistry } from '@tributary/observability';
import { runConnector } from './connector.command';
import { UsageError } from './connector.factory';
import { RunnerMetrics } from './runner-metrics';

/** The runner's collaborators in memory, found by the tokens runConnector asks the app for. */
function fakeApp() {
  const owners = new Map<string, string>();
  const instances = new Map<string, ConnectorInstance>();
  const passes: RunOptions[] = [];
  const passStarts: number[] = [];
  const requests = new Map<string, ConnectorRunRequest>();
  const metrics = new RunnerMetrics(createMetricsRegistry());
  const providers = new Map<unknown, unknown>([
    [
      SourceTenantRepository,
      {
        claimAll: async ([source]: readonly string[], tenant: string): Promise<SourceClaim> => {
          if (source === undefined) return { ok: true };
          const owner = owners.get(source) ?? tenant;
          owners.set(source, owner);
          return owner === tenant ? { ok: true } : { ok: false, source, owner };
        },
      },
    ],
    [
      ConnectorRegistryRepository,
      {
        register: async (instance: ConnectorInstance) => void instances.set(instance.source, instance),
        update: async (source: string, patch: Partial<ConnectorInstance>) => {
          const current = instances.get(source);
          if (current) instances.set(source, JSON.parse(JSON.stringify({ ...current, ...patch })));
        },
        takeRunRequest: async (source: string) => {
          const request = requests.get(source);
          requests.delete(source);
          return request;
        },
      },
    ],
    [
      ConnectorRunService,
      {
        runOnce: async (
          source: string,
          _connector: SourceConnector,
          options: RunOptions,
        ): Promise<RunSummary> => {
          passes.push(options);
          passStarts.push(Date.now());
          return { source, seen: 0, changed: 0, deleted: 0, failed: 0, failures: [], durationMs: 1 };
        },
      },
    ],
    [RunnerMetrics, metrics],
  ]);
  const app = { get: (token: unknown) => providers.get(token) } as unknown as INestApplicationContext;
  return { app, owners, instances, passes, passStarts, requests, metrics };
}

const connector: SourceConnector = {
  kind: 'memory',
  async *scan() {
    // nothing to find
  },
};
const run = (app: INestApplicationContext, tenant: string) =>
  runConnector(app, connector, 'docs', { tenant, schedule: { kind: 'once' }, settings: {} }, () => undefined);

describe('runConnector', () => {
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  it('claims a free source for its tenant, registers the tenant and runs every pass in it', async () => {
    const { app, owners, instances, passes } = fakeApp();
    await expect(run(app, 'acme')).resolves.toBe(0);
    expect(owners.get('docs')).toBe('acme');
    expect(instances.get('docs')).toMatchObject({ source: 'docs', tenant: 'acme', kind: 'memory' });
    expect(passes.map((pass) => pass.tenant)).toEqual(['acme']);
  });

  it("refuses another tenant's source with a usage error naming the owner, before registering or running", async () => {
    const { app, owners, instances, passes } = fakeApp();
    owners.set('docs', 'acme');
    const refused = run(app, 'globex');
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(
      'source "docs" belongs to tenant "acme"; run it with --tenant acme, or give it another --source',
    );
    expect(instances.size).toBe(0);
    expect(passes).toEqual([]);
    expect(owners.get('docs')).toBe('acme');
  });

  it('starts a pass within about a second of a run-now request instead of waiting for the schedule, and says who asked', async () => {
    const { app, passStarts, requests, instances } = fakeApp();
    const stop = new AbortController();
    const lines: string[] = [];
    const running = runConnector(
      app,
      connector,
      'docs',
      { tenant: 'acme', schedule: { kind: 'interval', seconds: 3600 }, settings: {}, signal: stop.signal },
      (line) => lines.push(line),
    );
    await waitFor(() => passStarts.length === 1);
    expect(instances.get('docs')?.nextRunAt).toBeDefined();
    const requestedAt = Date.now();
    requests.set('docs', { requestedAt: new Date(requestedAt).toISOString(), requestedBy: 'ops@acme' });
    await waitFor(() => passStarts.length === 2, 2_500);
    expect(passStarts[1]! - requestedAt).toBeLessThan(1_500);
    expect(requests.size).toBe(0);
    expect(lines.some((line) => line.startsWith('pass requested by ops@acme'))).toBe(true);
    stop.abort();
    await expect(running).resolves.toBe(0);
    expect(passStarts).toHaveLength(2);
  });

  it('records each pass in the metrics: duration by outcome, counts, last success', async () => {
    const { app, metrics } = fakeApp();
    await run(app, 'acme');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /^tributary_connector_pass_duration_seconds_count\{source="docs",kind="memory",outcome="succeeded"\} 1$/m,
    );
    expect(text).toMatch(
      /^tributary_connector_changes_total\{source="docs",kind="memory",change="seen"\} 0$/m,
    );
    const success =
      /^tributary_connector_last_success_timestamp_seconds\{source="docs",kind="memory"\} (\S+)$/m.exec(text);
    expect(Math.abs(Number(success?.[1]) - Date.now() / 1000)).toBeLessThan(5);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
