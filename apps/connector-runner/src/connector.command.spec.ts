import type { INestApplicationContext } from '@nestjs/common';
import { ConnectorRunService, type RunOptions, type RunSummary } from '@tributary/connectors';
import {
  ConnectorRegistryRepository,
  SourceTenantRepository,
  type ConnectorInstance,
  type SourceClaim,
  type SourceConnector,
} from '@tributary/connectors-data-access';
import { runConnector } from './connector.command';
import { UsageError } from './connector.factory';

/** The runner's collaborators in memory, found by the tokens runConnector asks the app for. */
function fakeApp() {
  const owners = new Map<string, string>();
  const instances = new Map<string, ConnectorInstance>();
  const passes: RunOptions[] = [];
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
        update: async () => undefined,
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
          return { source, seen: 0, changed: 0, deleted: 0, failed: 0, failures: [], durationMs: 1 };
        },
      },
    ],
  ]);
  const app = { get: (token: unknown) => providers.get(token) } as unknown as INestApplicationContext;
  return { app, owners, instances, passes };
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
});
