import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';
import { postSearch } from './search-client';

/** The push connector: another service upserts and deletes through POST /v1/ingest with an ingest-scoped key. */
describe('pushing documents through the gateway', () => {
  let embedder: AppProcess;
  let gateway: AppProcess;
  let redis: Redis;
  let keys: ApiKeyRepository;
  let ingestKey: string;
  let searchKey: string;
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
  const hitsFor = async (query: string) =>
    (await postSearch(gateway.url, { query, mode: 'bm25', filter: { source } })).json.hits.map(
      (hit) => hit.docId,
    );

  beforeAll(async () => {
    redis = new Redis(realServices.redisUrl);
    keys = new ApiKeyRepository(redis);
    ingestKey = (await keys.create({ name: 'e2e pusher', tenant: 'e2e', scopes: ['ingest'] })).key;
    searchKey = (await keys.create({ name: 'e2e reader', tenant: 'e2e', scopes: ['search'] })).key;
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
    redis.disconnect();
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

    const deleted = await push({ changes: [{ op: 'delete', source, docId: 'ticket-1' }] });
    expect(deleted.status).toBe(202);
    const [deletion] = ((await deleted.json()) as { accepted: Array<{ version: number }> }).accepted;
    expect(deletion!.version).toBeGreaterThan(receipt!.version);
    await eventually(async () => expect(await hitsFor('quarterly invoice')).toEqual([]), {
      timeoutMs: 60_000,
    });
  });

  it('refuses a key once it is revoked', async () => {
    const { key, record } = await keys.create({ name: 'short-lived', tenant: 'e2e', scopes: ['ingest'] });
    expect((await push({ changes: [upsert('c', 'x')] }, key)).status).toBe(202);
    await keys.revoke(record.id);
    expect((await push({ changes: [upsert('c', 'y')] }, key)).status).toBe(401);
  });
});
