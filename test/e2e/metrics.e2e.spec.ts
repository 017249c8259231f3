import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, fineTunePlanV1Schema, type SearchResponseV1 } from '@tributary/contracts';
import { FineTuneQueue, PlanRepository } from '@tributary/finetune-data-access';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { createRedisClient } from '@tributary/redis';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';

/** The value of one sample of a scrape, matched by metric name and label subset; undefined when absent. */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const scrape = async (app: AppProcess) => {
  const response = await fetch(`${app.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};

/**
 * Every service's /metrics against the real stack: a pushed change goes through
 * the gateway, Kafka and the embedder; a search through the gateway; a fine-tune
 * run through the worker. Each then shows the series of what it did.
 */
describe('Prometheus metrics of the services', () => {
  let embedder: AppProcess;
  let gateway: AppProcess;
  let worker: AppProcess;
  let redis: Redis;
  let es: Client;
  let ingestKey: string;
  let searchKey: string;
  const tenant = uniqueName('e2e-metrics');
  const source = uniqueName('metrics');
  const finetune = {
    FINETUNE_REDIS_PREFIX: uniqueName('metrics-ft'),
    FINETUNE_RUNS_INDEX: uniqueName('metrics-ft-runs'),
    FINETUNE_DATASETS_INDEX: uniqueName('metrics-ft-datasets'),
    MODEL_REGISTRY_INDEX: uniqueName('metrics-ft-models'),
    FINETUNE_LOCK_MS: '3000',
  };

  beforeAll(async () => {
    redis = new Redis(realServices.redisUrl);
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    const keys = new ApiKeyRepository(redis);
    ingestKey = (await keys.create({ name: 'e2e metrics pusher', tenant, scopes: ['ingest'] })).key;
    searchKey = (await keys.create({ name: 'e2e metrics reader', tenant, scopes: ['search'] })).key;
    const kafka = createKafka(
      { brokers: realServices.kafkaBrokers, clientId: 'e2e-metrics' },
      () => undefined,
    );
    await ensureTopics(kafka);
    const group = uniqueName('metrics-embedder');
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
    [embedder, gateway, worker] = await Promise.all([
      startEmbedder(group, 3190),
      startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3191),
      startApp('apps/finetune-scheduler/src/worker.ts', { LOG_LEVEL: 'warn', ...finetune }, 3192),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([embedder?.stop(), gateway?.stop(), worker?.stop()]);
    const queueRedis = createRedisClient(realServices.redisUrl, 'queue');
    const queue = new FineTuneQueue(queueRedis, finetune.FINETUNE_REDIS_PREFIX);
    await queue.queue.obliterate({ force: true });
    await queue.close();
    queueRedis.disconnect();
    const keys = await redis.keys(`${finetune.FINETUNE_REDIS_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.hdel('tributary:source-tenants', source);
    redis.disconnect();
    await es.indices.delete({
      index: [finetune.FINETUNE_RUNS_INDEX, finetune.FINETUNE_DATASETS_INDEX, finetune.MODEL_REGISTRY_INDEX],
      ignore_unavailable: true,
    });
    await es.close();
  });

  it('counts a pushed change through the gateway and the embedder, with its freshness, and a search by mode', async () => {
    const pushed = await fetch(`${gateway.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({
        changes: [
          {
            op: 'upsert',
            source,
            docId: 'gauge-doc',
            title: 'Gauge',
            body: 'Histogram buckets of the zanzibar freshness metric',
            uri: 'crm://gauge-doc',
            metadata: {},
          },
        ],
      }),
    });
    expect(pushed.status).toBe(202);
    expect(sampleOf(await scrape(gateway), 'tributary_gateway_ingest_events_total', { op: 'upsert' })).toBe(
      1,
    );

    await eventually(
      async () => {
        const response = await fetch(`${gateway.url}/v1/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${searchKey}` },
          body: JSON.stringify({ query: 'zanzibar freshness', mode: 'bm25', filter: { source } }),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as SearchResponseV1).hits.map((hit) => hit.docId)).toEqual([
          'gauge-doc',
        ]);
      },
      { timeoutMs: 60_000 },
    );

    const gatewayText = await scrape(gateway);
    expect(
      sampleOf(gatewayText, 'tributary_gateway_search_duration_seconds_count', { mode: 'bm25' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(gatewayText, 'tributary_gateway_request_duration_seconds_count', {
        route: '/v1/ingest',
        method: 'POST',
        status: '202',
      }),
    ).toBe(1);

    const embedderText = await scrape(embedder);
    expect(sampleOf(embedderText, 'tributary_freshness_seconds_count')).toBeGreaterThanOrEqual(1);
    // Written within the minute: the push, Kafka and one embedder slice.
    expect(sampleOf(embedderText, 'tributary_freshness_seconds_bucket', { le: '60' })).toBeGreaterThanOrEqual(
      1,
    );
    for (const stage of ['kafka', 'read', 'embed', 'write', 'slice'])
      expect({
        stage,
        count: sampleOf(embedderText, 'tributary_embedder_stage_duration_seconds_count', { stage }),
      }).toEqual({
        stage,
        count: expect.any(Number),
      });
    expect(
      sampleOf(embedderText, 'tributary_embedder_stage_duration_seconds_count', { stage: 'embed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(embedderText, 'tributary_embedder_stage_duration_seconds_count', { stage: 'slice' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(embedderText, 'tributary_embedder_changes_total', { outcome: 'indexed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleOf(embedderText, 'tributary_embedder_chunks_total')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(embedderText, 'tributary_embedder_dead_letters_total')).toBe(0);
    expect(sampleOf(embedderText, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('observes a fine-tune run in the worker by plan and status, with the stages it finished', async () => {
    const plan = fineTunePlanV1Schema.parse({
      name: 'metrics',
      trainer: { kind: 'query-adapter' },
      // More pairs than exist: the run ends quickly with "no-data" after its dataset stage.
      dataset: { minPairs: 50_000, pseudoQueries: 0 },
    });
    await new PlanRepository(redis, finetune.FINETUNE_REDIS_PREFIX).put(plan);
    const queueRedis = createRedisClient(realServices.redisUrl, 'queue');
    const queue = new FineTuneQueue(queueRedis, finetune.FINETUNE_REDIS_PREFIX);
    try {
      await queue.enqueue('metrics', 'e2e', FineTuneQueue.manualRunId('metrics'));
    } finally {
      await queue.close();
      queueRedis.disconnect();
    }
    const text = await eventually(
      async () => {
        const scraped = await scrape(worker);
        expect(sampleOf(scraped, 'tributary_finetune_runs_total', { plan: 'metrics' })).toBe(1);
        return scraped;
      },
      { timeoutMs: 60_000 },
    );
    expect(
      sampleOf(text, 'tributary_finetune_runs_total', {
        plan: 'metrics',
        status: 'succeeded',
        outcome: 'no-data',
      }),
    ).toBe(1);
    expect(
      sampleOf(text, 'tributary_finetune_run_duration_seconds_count', {
        plan: 'metrics',
        trainer: 'query-adapter',
        status: 'succeeded',
      }),
    ).toBe(1);
    expect(sampleOf(text, 'tributary_finetune_stage_duration_seconds_count', { stage: 'dataset' })).toBe(1);
  });
});
