import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, type SearchResponseV1 } from '@tributary/contracts';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import {
  eventually,
  realServices,
  startApp,
  uniqueName,
  type AppProcess,
  TEST_INDEX_ENV,
} from '@tributary/testing';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';

/**
 * The push connector: another service upserts and deletes through POST /v1/ingest
 * with an ingest-scoped key, in that key's tenant; a source belongs to one tenant.
 */
describe('pushing documents through the gateway', () => {
  let embedder: AppProcess;
  let gateway: AppProcess;
  let redis: Redis;
  let es: Client;
  let keys: ApiKeyRepository;
  let ingestKey: string;
  let searchKey: string;
  let otherTenantKey: string;
  const tenant = uniqueName('e2e-push');
  const source = uniqueName('push');

  const push = (body: unknown, key: string | null = ingestKey) =>
    fetch(`${gateway.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const upsert = (docId: string, body: string) => ({
    op: 'upsert',
    source,
    docId,
    title: docId,
    body,
    uri: `crm://${docId}`,
    metadata: { kind: 'ticket' },
  });
  const hitsFor = async (query: string) => {
    const response = await fetch(`${gateway.url}/v1/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${searchKey}` },
      body: JSON.stringify({ query, mode: 'bm25', filter: { source } }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as SearchResponseV1).hits.map((hit) => hit.docId);
  };
  /** The chunks of one pushed document as stored, read from Elasticsearch itself. */
  const storedChunks = async (docId: string) => {
    await es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
    const response = await es.search<{ tenant?: string; text: string }>({
      index: TEST_INDEX_ENV.CHUNKS_ALIAS,
      query: { bool: { filter: [{ term: { source } }, { term: { docId } }] } },
      _source: ['tenant', 'text'],
    });
    return response.hits.hits.map((hit) => hit._source);
  };

  beforeAll(async () => {
    redis = new Redis(realServices.redisUrl);
    keys = new ApiKeyRepository(redis);
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    ingestKey = (await keys.create({ name: 'e2e pusher', tenant, scopes: ['ingest'] })).key;
    searchKey = (await keys.create({ name: 'e2e reader', tenant, scopes: ['search'] })).key;
    otherTenantKey = (
      await keys.create({ name: 'e2e other tenant', tenant: uniqueName('e2e-other'), scopes: ['ingest'] })
    ).key;
    const kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'e2e-push' }, () => undefined);
    await ensureTopics(kafka);
    const group = uniqueName('push-embedder');
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
    [embedder, gateway] = await Promise.all([
      startEmbedder(group, 3151),
      startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3150),
    ]);
  });

  afterAll(async () => {
    await Promise.all([embedder?.stop(), gateway?.stop()]);
    await redis.hdel('tributary:source-tenants', source);
    redis.disconnect();
    await es.close();
  });

  it('401 without a key or with an unknown one, 403 for a key without the ingest scope', async () => {
    const missing = await push({ changes: [upsert('a', 'x')] }, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await push({ changes: [upsert('a', 'x')] }, 'trb_000000000000_nope')).status).toBe(401);
    const wrongScope = await push({ changes: [upsert('a', 'x')] }, searchKey);
    expect(wrongScope.status).toBe(403);
    expect(((await wrongScope.json()) as { detail: string }).detail).toMatch(/lacks the "ingest" scope/);
  });

  it('400 with what to fix for a change that breaks the contract or an empty request', async () => {
    const response = await push({ changes: [{ ...upsert('b', 'x'), source: 'Not Valid' }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/source/);
    expect((await push({ changes: [] })).status).toBe(400);
  });

  it("400 for a change that names its own tenant: the tenant is always the key's", async () => {
    const response = await push({ changes: [{ ...upsert('b', 'x'), tenant: 'someone-else' }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/tenant/);
  });

  it('answers 202 with the versions once Kafka has the changes; the document becomes searchable, then a delete removes it', async () => {
    const accepted = await push({
      changes: [upsert('ticket-1', 'Customer reports the quarterly invoice is missing')],
    });
    expect(accepted.status).toBe(202);
    const [receipt] = ((await accepted.json()) as { accepted: Array<{ docId: string; version: number }> })
      .accepted;
    expect(receipt).toMatchObject({ docId: 'ticket-1', op: 'upsert' });
    await eventually(async () => expect(await hitsFor('quarterly invoice')).toEqual(['ticket-1']), {
      timeoutMs: 60_000,
    });
    expect((await storedChunks('ticket-1')).map((chunk) => chunk?.tenant)).toEqual([tenant]);

    const deleted = await push({ changes: [{ op: 'delete', source, docId: 'ticket-1' }] });
    expect(deleted.status).toBe(202);
    const [deletion] = ((await deleted.json()) as { accepted: Array<{ version: number }> }).accepted;
    expect(deletion!.version).toBeGreaterThan(receipt!.version);
    await eventually(async () => expect(await hitsFor('quarterly invoice')).toEqual([]), {
      timeoutMs: 60_000,
    });
  });

  it("403 for a key of another tenant pushing to this tenant's source, and nothing of its request is applied", async () => {
    expect((await push({ changes: [upsert('ticket-2', 'Turbine blade inspection overdue')] })).status).toBe(
      202,
    );
    await eventually(async () => expect(await storedChunks('ticket-2')).toHaveLength(1), {
      timeoutMs: 60_000,
    });

    // Had it been published, this delete (at the highest version there is) would fence
    // ticket-2 out for good; the upsert would add a document to the source.
    const refused = await push(
      {
        changes: [
          { op: 'delete', source, docId: 'ticket-2', version: Number.MAX_SAFE_INTEGER },
          upsert('intruder', 'planted by another tenant'),
        ],
      },
      otherTenantKey,
    );
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      `source "${source}" belongs to another tenant`,
    );

    // The owner's next version of ticket-2 shares the refused delete's partition and comes
    // after it: that it is applied proves the delete never reached Kafka.
    expect((await push({ changes: [upsert('ticket-2', 'Turbine blade inspection done')] })).status).toBe(202);
    await eventually(
      async () =>
        expect(await storedChunks('ticket-2')).toEqual([{ tenant, text: 'Turbine blade inspection done' }]),
      { timeoutMs: 60_000 },
    );
    expect(await storedChunks('intruder')).toEqual([]);
  });

  it("refuses a key once it is revoked (within the gateway's 5 s key cache)", async () => {
    const { key, record } = await keys.create({ name: 'short-lived', tenant, scopes: ['ingest'] });
    expect((await push({ changes: [upsert('c', 'x')] }, key)).status).toBe(202);
    await keys.revoke(record.id);
    await eventually(
      async () => expect((await push({ changes: [upsert('c', 'y')] }, key)).status).toBe(401),
      { timeoutMs: 10_000 },
    );
  });
});
