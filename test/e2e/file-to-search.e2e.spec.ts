import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { TributaryClient } from '@tributary/gateway-client';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { runFilesystemConnector } from './run-connector';

/**
 * A file's life, end to end: folder → connector CLI → Kafka → embedder →
 * Elasticsearch → query gateway, all real processes and services.
 */
describe('a file flows from a folder into search results', () => {
  let embedder: AppProcess;
  let gateway: AppProcess;
  let client: TributaryClient;
  let root: string;
  const source = uniqueName('e2e');
  const file = () => join(root, 'turbines.md');

  const search = (query: string, mode: 'hybrid' | 'bm25' | 'vector' = 'hybrid') =>
    client.search({ query, mode, topK: 5, filter: { source } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-e2e-'));
    // Connectors publish for the default tenant; the reader's key is of that tenant.
    const redis = new Redis(realServices.redisUrl);
    const { key } = await new ApiKeyRepository(redis).create({
      name: 'e2e file-to-search',
      tenant: 'default',
      scopes: ['search'],
      rateLimitPerMinute: 100_000,
    });
    redis.disconnect();
    [embedder, gateway] = await Promise.all([
      startApp(
        'apps/embedder/src/main.ts',
        { KAFKA_GROUP_ID: 'tributary-embedder-e2e', LOG_LEVEL: 'warn' },
        3101,
      ),
      startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3100),
    ]);
    client = new TributaryClient({ baseUrl: gateway.url, apiKey: key });
  });

  afterAll(async () => {
    await Promise.all([embedder?.stop(), gateway?.stop()]);
    await rm(root, { recursive: true, force: true });
  });

  it('creating a file makes it searchable', async () => {
    await writeFile(
      file(),
      '# Offshore turbines\n\nMonopile foundations anchor offshore wind turbines in shallow water.',
    );
    expect(await runFilesystemConnector(root, source)).toMatch(
      new RegExp(`source=${source} seen=1 changed=1 deleted=0 failed=0`),
    );
    const response = await eventually(async () => {
      const result = await search('monopile foundations');
      expect(result.hits).toHaveLength(1);
      return result;
    });
    expect(response.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.hits[0]).toMatchObject({
      source,
      docId: 'turbines.md',
      title: 'Offshore turbines',
      uri: `file://${file()}`,
      snippet: expect.stringContaining('<em>Monopile</em>'),
    });
  });

  it('running the connector again without changes publishes nothing', async () => {
    expect(await runFilesystemConnector(root, source)).toMatch(/seen=1 changed=0 deleted=0/);
  });

  it('updating the file replaces what is found', async () => {
    await writeFile(
      file(),
      '# Offshore turbines\n\nFloating platforms carry turbines in deep water, moored by chains.',
    );
    const later = new Date(Date.now() + 5_000);
    await utimes(file(), later, later);
    expect(await runFilesystemConnector(root, source)).toMatch(/seen=1 changed=1 deleted=0/);
    await eventually(async () => {
      const fresh = await search('floating platforms moored');
      expect(fresh.hits[0]?.chunks?.[0]?.text).toContain('Floating platforms');
      const stale = await search('monopile', 'bm25');
      expect(stale.hits).toEqual([]);
    });
  });

  it('deleting the file removes it from every search mode', async () => {
    await rm(file());
    expect(await runFilesystemConnector(root, source)).toMatch(/seen=0 changed=0 deleted=1/);
    await eventually(async () => {
      expect((await search('floating platforms')).hits).toEqual([]);
      expect((await search('turbines', 'vector')).hits).toEqual([]);
    });
  });
});
