import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { runFilesystemConnector } from './run-connector';
import { postSearch } from './search-client';

/**
 * A file's life, end to end: folder → connector CLI → Kafka → embedder →
 * Elasticsearch → query gateway, all real processes and services.
 */
describe('a file flows from a folder into search results', () => {
  let embedder: AppProcess;
  let gateway: AppProcess;
  let root: string;
  const source = uniqueName('e2e');
  const file = () => join(root, 'turbines.md');

  const search = (query: string, mode: 'hybrid' | 'bm25' = 'hybrid') =>
    postSearch(gateway.url, { query, mode, topK: 5, filter: { source } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-e2e-'));
    [embedder, gateway] = await Promise.all([
      startApp(
        'apps/embedder/src/main.ts',
        { KAFKA_GROUP_ID: 'tributary-embedder-e2e', LOG_LEVEL: 'warn' },
        3101,
      ),
      startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3100),
    ]);
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
      expect(result.json.hits).toHaveLength(1);
      return result;
    });
    expect(response.status).toBe(200);
    expect(response.json.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.hits[0]).toMatchObject({
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
      expect(fresh.json.hits[0]?.chunks?.[0]?.text).toContain('Floating platforms');
      const stale = await search('monopile', 'bm25');
      expect(stale.json.hits).toEqual([]);
    });
  });

  it('deleting the file removes it from every search mode', async () => {
    await rm(file());
    expect(await runFilesystemConnector(root, source)).toMatch(/seen=0 changed=0 deleted=1/);
    await eventually(async () => {
      expect((await search('floating platforms')).json.hits).toEqual([]);
      expect(
        (await postSearch(gateway.url, { query: 'turbines', mode: 'vector', filter: { source } })).json.hits,
      ).toEqual([]);
    });
  });

  describe('the gateway rejects bad requests with problem+json', () => {
    it.each([
      ['an empty query', { query: '' }, /query must not be empty/],
      ['an unknown field', { query: 'x', tenant: 'other' }, /tenant/],
      ['a topK over the limit', { query: 'x', topK: 101 }, /topK/],
      ['an unknown mode', { query: 'x', mode: 'fuzzy' }, /mode/],
    ])('400 for %s', async (_name, body, detail) => {
      const response = await postSearch(gateway.url, body);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.json['detail']).toMatch(detail);
    });

    it('400 for a body that is not JSON', async () => {
      const response = await postSearch(gateway.url, '{not json');
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.json['detail']).toMatch(/JSON/);
    });

    it('413 for a body over the size limit', async () => {
      const response = await postSearch(gateway.url, { query: 'x'.repeat(70 * 1024) });
      expect(response.status).toBe(413);
      expect(response.contentType).toContain('application/problem+json');
    });
  });
});
