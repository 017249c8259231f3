import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, documentKey } from '@tributary/contracts';
import { createKafka, DeadLetterProducer, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { upsertOf } from '../support/changes';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';

/**
 * The operators' console in a real headless Chromium, against the real stack:
 * the console and an embedder run as processes. The console is pointed at
 * topics of this run (its "changes" topic, DLQ, handled ledger and operator
 * group), so what the page shows is what this test did; a redriven letter goes
 * back to the embedders' shared topic, read by an embedder in a group of its
 * own writing to indices of its own.
 */
const SCREENSHOT = join(__dirname, '../../test-output/console.png');
const CONSOLE_PORT = 3200;
const EMBEDDER_PORT = 3201;
const EVENTS = 12;

const topic = uniqueName('console-changes');
const env = {
  CHANGES_TOPIC: topic,
  DLQ_TOPIC: `${topic}.dlq`,
  DLQ_HANDLED_TOPIC: `${topic}.dlq.handled`,
  DLQ_OPERATOR_GROUP: uniqueName('console-operator'),
  CHUNKS_ALIAS: uniqueName('console-chunks'),
  DOCUMENT_STATE_INDEX: uniqueName('console-documents'),
  CONSOLE_REDIS_PREFIX: uniqueName('console'),
  LAG_SAMPLE_MS: '500',
  LOG_LEVEL: 'warn',
};

describe('operators’ console in a real browser (real Kafka, Elasticsearch, Redis)', () => {
  let kafka: Kafka;
  let es: Client;
  let redis: Redis;
  let keys: ApiKeyRepository;
  let consoleApp: AppProcess;
  let embedder: AppProcess;
  let browser: Browser;
  let page: Page;
  let adminKey: string;
  let searchKey: string;
  const keyIds: string[] = [];
  const lagGroup = uniqueName('console-lag');
  const embedderGroup = uniqueName('console-embedder');

  const createKey = async (name: string, scope: 'admin' | 'search') => {
    const { key, record } = await keys.create({ name, tenant: 'default', scopes: [scope] });
    keyIds.push(record.id);
    return key;
  };
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').trim();
  const groupRow = (group: string) =>
    `[data-testid="group-row"][data-group="${group}"][data-topic="${topic}"]`;

  beforeAll(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'e2e-console' }, () => undefined);
    await ensureTopics(kafka);
    await ensureTopics(kafka, [
      { topic, numPartitions: 3, replicationFactor: -1 },
      { topic: env.DLQ_TOPIC, numPartitions: 1, replicationFactor: -1 },
      {
        topic: env.DLQ_HANDLED_TOPIC,
        numPartitions: 1,
        replicationFactor: -1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ]);
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    redis = new Redis(realServices.redisUrl);
    keys = new ApiKeyRepository(redis);
    adminKey = await createKey('console e2e operator', 'admin');
    searchKey = await createKey('console e2e searcher', 'search');
    // The embedder reads only what this test redrives, not the shared topic's history.
    await moveGroup(kafka, embedderGroup, DOCUMENT_CHANGES_TOPIC, 'end');
    [consoleApp, embedder] = await Promise.all([
      startApp('apps/ops-console/src/main.ts', env, CONSOLE_PORT),
      startEmbedder(embedderGroup, EMBEDDER_PORT, {
        CHUNKS_ALIAS: env.CHUNKS_ALIAS,
        DOCUMENT_STATE_INDEX: env.DOCUMENT_STATE_INDEX,
      }),
    ]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([consoleApp?.stop(), embedder?.stop()]);
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: [topic, env.DLQ_TOPIC, env.DLQ_HANDLED_TOPIC] })
      .catch(() => undefined);
    await admin.deleteGroups([lagGroup, embedderGroup, env.DLQ_OPERATOR_GROUP]).catch(() => undefined);
    await admin.disconnect();
    await es?.indices.delete({
      index: [`${env.CHUNKS_ALIAS}-*`, env.DOCUMENT_STATE_INDEX],
      ignore_unavailable: true,
    });
    await es?.close();
    for (const id of keyIds) await keys.revoke(id);
    const sessions = await redis.keys(`${env.CONSOLE_REDIS_PREFIX}:*`);
    if (sessions.length > 0) await redis.del(...sessions);
    redis?.disconnect();
  });

  it('sends a visitor without a session to the login form, refuses a wrong key and a non-admin key, lets an admin key in', async () => {
    await page.goto(`${consoleApp.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('[data-testid="login-form"]').isVisible()).resolves.toBe(true);

    await page.fill('[data-testid="login-key"]', 'trb_nosuchkey_wrongsecret');
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="login-error"]:not([hidden])');
    expect(await text('[data-testid="login-error"]')).toMatch(/unknown, malformed or revoked/);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.fill('[data-testid="login-key"]', searchKey);
    await page.click('[data-testid="login-submit"]');
    await eventually(async () => expect(await text('[data-testid="login-error"]')).toMatch(/operator's key/));
    expect(await page.context().cookies()).toEqual([]);

    await page.fill('[data-testid="login-key"]', adminKey);
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL(`${consoleApp.url}/`);
    await eventually(async () => expect(await text('[data-testid="status"]')).toMatch(/^updated/));
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'tributary_console', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(adminKey);

    // The API behind the page: 401 problem+json without a session; with one, bull-board too.
    const anonymous = await fetch(`${consoleApp.url}/api/overview`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${consoleApp.url}/queues/api/queues`)).status).toBe(401);
    const board = await page.request.get(`${consoleApp.url}/queues/api/queues`);
    expect(board.status()).toBe(200);
    expect(JSON.stringify(await board.json())).toContain('tributary-finetune');
    // A state change that is not JSON is refused even with a valid session (CSRF defence).
    const form = await page.request.post(`${consoleApp.url}/api/dead-letters/redrive-all`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: 'x=1',
    });
    expect(form.status()).toBe(415);
  });

  it('shows a consumer group’s lag rise as events arrive and fall to 0 once they are consumed, with its trend', async () => {
    // A group that has committed the topic's (empty) end: it shows with lag 0.
    await moveGroup(kafka, lagGroup, topic, 'end');
    await eventually(
      async () => expect(await text(`${groupRow(lagGroup)} [data-testid="group-lag"]`)).toBe('0'),
      {
        timeoutMs: 30_000,
      },
    );

    const producer: Producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: EVENTS }, (_, i) => ({
        key: `doc-${i}`,
        value: JSON.stringify(upsertOf('console-lag', `doc-${i}`, 1)),
      })),
    });
    await producer.disconnect();
    await eventually(
      async () => expect(await text(`${groupRow(lagGroup)} [data-testid="group-lag"]`)).toBe(String(EVENTS)),
      { timeoutMs: 30_000 },
    );

    const consumer: Consumer = kafka.consumer({ groupId: lagGroup });
    let consumed = 0;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic });
      await consumer.run({ eachMessage: async () => void consumed++ });
      await eventually(
        async () => expect(await text(`${groupRow(lagGroup)} [data-testid="group-lag"]`)).toBe('0'),
        {
          timeoutMs: 45_000,
        },
      );
      expect(consumed).toBe(EVENTS);
      // The sparkline's samples went up to the backlog and back to 0.
      const trend = await page
        .locator(`${groupRow(lagGroup)} [data-testid="group-trend"] title`)
        .textContent();
      expect(trend).toMatch(new RegExp(`\\b${EVENTS}\\b`));
      expect(trend).toMatch(/ 0 \(\d+ samples\)$/);
    } finally {
      await consumer.disconnect();
    }
    const metrics = await (await fetch(`${consoleApp.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`tributary_kafka_consumer_lag\\{group="${lagGroup}",topic="${topic}",partition="\\d"\\} 0`),
    );
  });

  it('redrives a dead letter from the page, and the document then reaches the index', async () => {
    const source = uniqueName('console-src');
    const change = upsertOf(source, 'redriven-doc', 1, 'Kafka keeps messages in order within a partition.');
    // What the embedder's DLQ producer writes for a poison event: the original key and value, and why.
    const dlq = new DeadLetterProducer(kafka, env.DLQ_TOPIC);
    await dlq.connect();
    await dlq.send({
      topic: DOCUMENT_CHANGES_TOPIC,
      partition: 0,
      offset: '41',
      key: Buffer.from(documentKey(change)),
      value: Buffer.from(JSON.stringify(change)),
      error: 'embedding provider timed out (e2e)',
      attempts: 2,
    });
    await dlq.disconnect();

    const row = '[data-testid="dead-letter-row"]';
    await eventually(async () => expect(await text('[data-testid="dead-letters-pending"]')).toBe('1'), {
      timeoutMs: 30_000,
    });
    expect(await text(`${row} [data-testid="dead-letter-error"]`)).toBe('embedding provider timed out (e2e)');

    await page.click(`${row} [data-testid="dead-letter-inspect"]`);
    await page.waitForSelector('[data-testid="dead-letter-detail"]:not([hidden])');
    expect(await text('[data-testid="detail-key"]')).toBe(documentKey(change));
    expect(await text('[data-testid="detail-headers"]')).toContain(DOCUMENT_CHANGES_TOPIC);
    expect(JSON.parse(await text('[data-testid="detail-value"]'))).toEqual(change);

    await page.click(`${row} [data-testid="dead-letter-redrive"]`);
    await eventually(async () => expect(await text('[data-testid="dead-letters-pending"]')).toBe('0'), {
      timeoutMs: 30_000,
    });
    expect(await page.locator(row).count()).toBe(0);
    expect(await text('[data-testid="flash"]')).toMatch(/redrive .*: done/);

    await eventually(
      async () => {
        await es.indices.refresh({ index: env.CHUNKS_ALIAS });
        const { hits } = await es.search<{ docId: string; text: string }>({
          index: env.CHUNKS_ALIAS,
          query: { term: { source } },
        });
        expect(hits.hits.map((hit) => hit._source?.docId)).toContain('redriven-doc');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // And the console counts the document in its index section.
    await page.reload();
    await eventually(async () => expect(await text('[data-testid="index-alias"]')).toBe(env.CHUNKS_ALIAS));
    await eventually(async () => expect(await text('[data-testid="index-documents"]')).toBe('1'), {
      timeoutMs: 30_000,
    });
  });

  it('renders every section of the overview, and saves a screenshot of the whole page', async () => {
    for (const section of [
      'topics',
      'consumerGroups',
      'deadLetters',
      'queues',
      'connectors',
      'index',
      'freshness',
      'finetune',
    ]) {
      await page.waitForSelector(`[data-testid="section-${section}"] .body > *`);
    }
    expect(await page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`).count()).toBe(1);
    expect(
      await text('[data-testid="queue-row"][data-queue="tributary-finetune"] [data-testid="queue-failed"]'),
    ).toMatch(/^\d[\d,]*$/);
    expect(await text('[data-testid="freshness-p50"]')).toMatch(/^\d+(\.\d+)? m?s$/);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });
});
