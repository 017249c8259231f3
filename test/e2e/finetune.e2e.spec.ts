import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, type FineTuneRunV1, type FineTunePlanInputV1 } from '@tributary/contracts';
import {
  FineTuneQueue,
  ModelRegistryRepository,
  StandInFineTuningServer,
} from '@tributary/finetune-data-access';
import { TributaryClient } from '@tributary/gateway-client';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { createRedisClient } from '@tributary/redis';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { runCli } from '../support/connector-process';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';

/**
 * The fine-tune loop against the real stack: users search with words the
 * documents never use, their feedback teaches a query adapter, and the scheduler
 * and its worker (separate processes) promote it only when it retrieves better.
 * With the word-hashing placeholder model a query shares no feature with its
 * document, so before training search cannot find it and after it can: the
 * gateway's results change without a restart. Its own indices, queue prefix and
 * consumer group keep it apart from the other suites.
 */
const MODEL = 'hashing-placeholder-v2-256';
const env = {
  CHUNKS_ALIAS: uniqueName('ft-chunks'),
  DOCUMENT_STATE_INDEX: uniqueName('ft-documents'),
  MODEL_REGISTRY_INDEX: uniqueName('ft-models'),
  FINETUNE_RUNS_INDEX: uniqueName('ft-runs'),
  FINETUNE_DATASETS_INDEX: uniqueName('ft-datasets'),
  FINETUNE_REDIS_PREFIX: uniqueName('ft'),
  EMBEDDING_MODEL: MODEL,
  ADAPTER_REFRESH_MS: '300',
  FINETUNE_LOCK_MS: '3000',
  /** Set once the stand-in of the OpenAI fine-tuning API listens. */
  FINETUNE_API_URL: '',
  FINETUNE_API_KEY: 'sk-e2e',
  FINETUNE_POLL_MS: '100',
  LOG_LEVEL: 'warn',
};
const TOPICS = 24;
/** How users phrase a topic's query; the documents only ever say `term<k>`. */
const PHRASINGS = ['kw{k}', 'kw{k} please', 'find kw{k}', 'kw{k} notes', 'about kw{k}'];
const queryOf = (k: number, phrasing = 0) => (PHRASINGS[phrasing] ?? 'kw{k}').replace('{k}', String(k));
const ADAPTER = {
  kind: 'query-adapter',
  seed: 7,
  epochs: 60,
  batchSize: 16,
  learningRate: 0.02,
  temperature: 0.05,
} as const;
const DATASET = { pseudoQueries: 0, holdoutFraction: 0.25, minPairs: 20 };

describe('fine-tune scheduler (real Kafka, Elasticsearch, Redis; scheduler and worker as processes)', () => {
  let es: Client;
  let redis: Redis;
  let embedder: AppProcess;
  let gateway: AppProcess;
  let schedulers: AppProcess[] = [];
  let worker: AppProcess;
  let search: TributaryClient;
  let adminKey: string;
  let searchKey: string;
  const fineTuningApi = new StandInFineTuningServer({ apiKey: 'sk-e2e', pollsPerStatus: 2 });
  let closeFineTuningApi: (() => Promise<void>) | undefined;
  const source = uniqueName('ft');
  const registry = () => new ModelRegistryRepository(es, env.MODEL_REGISTRY_INDEX);

  const api = async <T>(method: string, path: string, body?: unknown, scheduler = 0): Promise<T> => {
    const response = await fetch(`${schedulers[scheduler]?.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const putPlan = (name: string, plan: Omit<FineTunePlanInputV1, 'name'>) =>
    api('PUT', `/v1/finetune/plans/${name}`, plan);
  const runToEnd = async (plan: string): Promise<FineTuneRunV1> => {
    const { runId } = await api<FineTuneRunV1>('POST', `/v1/finetune/plans/${plan}/runs`);
    let run: FineTuneRunV1 | undefined;
    await eventually(
      async () => {
        run = await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`);
        expect(['succeeded', 'failed', 'cancelled']).toContain(run.status);
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
    return run as FineTuneRunV1;
  };
  /** Topics whose document is the first vector hit for the topic's plainest query. */
  const topicsFound = async () => {
    let found = 0;
    for (let k = 0; k < TOPICS; k++) {
      const { hits } = await search.search({
        query: queryOf(k),
        mode: 'vector',
        topK: 1,
        filter: { source: [source] },
      });
      if (hits[0]?.docId === `doc${k}`) found++;
    }
    return found;
  };

  beforeAll(async () => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    redis = new Redis(realServices.redisUrl);
    const kafka = createKafka(
      { brokers: realServices.kafkaBrokers, clientId: 'e2e-finetune' },
      () => undefined,
    );
    await ensureTopics(kafka);
    const group = uniqueName('ft-embedder');
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
    const api = await fineTuningApi.start();
    closeFineTuningApi = api.close;
    env.FINETUNE_API_URL = api.url;
    [embedder, gateway, worker, ...schedulers] = await Promise.all([
      startEmbedder(group, 3181, env),
      startApp('apps/query-gateway/src/main.ts', env, 3180),
      startApp('apps/finetune-scheduler/src/worker.ts', env, 3184),
      startApp('apps/finetune-scheduler/src/main.ts', env, 3182),
      startApp('apps/finetune-scheduler/src/main.ts', env, 3183),
    ]);
    const keys = new ApiKeyRepository(redis);
    const key = async (scope: 'search' | 'ingest' | 'admin') =>
      (
        await keys.create({
          name: `e2e finetune ${scope}`,
          tenant: 'default',
          scopes: [scope],
          rateLimitPerMinute: 1e6,
        })
      ).key;
    adminKey = await key('admin');
    searchKey = await key('search');
    search = new TributaryClient({ baseUrl: gateway.url, apiKey: searchKey });
    const ingest = new TributaryClient({ baseUrl: gateway.url, apiKey: await key('ingest') });
    await ingest.ingest(
      Array.from({ length: TOPICS }, (_, k) => ({
        op: 'upsert' as const,
        source,
        docId: `doc${k}`,
        title: `Record ${k}`,
        body: `term${k} term${k} facts on term${k}`,
        uri: `test:///doc${k}`,
        metadata: {},
      })),
    );
    await eventually(async () => {
      await es.indices.refresh({ index: env.CHUNKS_ALIAS });
      expect((await es.count({ index: env.CHUNKS_ALIAS, query: { term: { source } } })).count).toBe(TOPICS);
    });
    // What users did: each phrasing of each topic searched, and its document marked useful.
    for (let k = 0; k < TOPICS; k++) {
      for (let phrasing = 0; phrasing < PHRASINGS.length; phrasing++) {
        const { queryId } = await search.search({ query: queryOf(k, phrasing), mode: 'vector', topK: 5 });
        await search.feedback({ queryId, source, docId: `doc${k}`, label: 'thumbs_up' });
      }
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all([embedder, gateway, worker, ...schedulers].map((app) => app?.stop()));
    await closeFineTuningApi?.();
    const queueRedis = createRedisClient(realServices.redisUrl, 'queue');
    const queue = new FineTuneQueue(queueRedis, env.FINETUNE_REDIS_PREFIX);
    await queue.queue.obliterate({ force: true });
    await queue.close();
    queueRedis.disconnect();
    const indices = [
      env.DOCUMENT_STATE_INDEX,
      env.MODEL_REGISTRY_INDEX,
      env.FINETUNE_RUNS_INDEX,
      env.FINETUNE_DATASETS_INDEX,
    ];
    await es?.indices.delete({ index: [`${env.CHUNKS_ALIAS}-*`, ...indices], ignore_unavailable: true });
    const keys = await redis.keys(`${env.FINETUNE_REDIS_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis?.disconnect();
    await es?.close();
  });

  it('answers operators with clear errors: a bad plan, an unknown one, a key without the admin scope', async () => {
    const bad = await fetch(`${schedulers[0]?.url}/v1/finetune/plans/Bad Name`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schedule: { everyMs: 10 }, trainer: { kind: 'magic' } }),
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: string[] };
    expect(problem.errors.join('\n')).toMatch(/name:/);
    expect(problem.errors.join('\n')).toMatch(/trainer/);
    await expect(api('POST', '/v1/finetune/plans/nope/runs')).rejects.toThrow(/404/);
    const searchOnly = await fetch(`${schedulers[0]?.url}/v1/finetune/plans`, {
      headers: { authorization: `Bearer ${searchKey}` },
    });
    expect(searchOnly.status).toBe(403);
    expect((await fetch(`${schedulers[0]?.url}/v1/models`)).status).toBe(401);
  });

  it('runs a scheduled plan from two scheduler instances without ever duplicating its schedule', async () => {
    // The plan needs more feedback than exists, so each run ends quickly with "no-data".
    const cadence = { schedule: { everyMs: 1_500 }, trainer: ADAPTER, dataset: { minPairs: 50_000 } };
    const since = Date.now();
    // Both scheduler instances store and schedule the plan at the same moment.
    await Promise.all(
      [0, 1].map((scheduler) => api('PUT', '/v1/finetune/plans/cadence', cadence, scheduler)),
    );
    // A redeploy: the second scheduler restarts and upserts every plan's schedule again.
    await schedulers[1]?.stop();
    schedulers[1] = await startApp('apps/finetune-scheduler/src/main.ts', env, 3183);
    const queueRedis = createRedisClient(realServices.redisUrl, 'queue');
    const queue = new FineTuneQueue(queueRedis, env.FINETUNE_REDIS_PREFIX);
    let elapsed = 0;
    try {
      expect((await queue.schedules()).map((schedule) => schedule.plan)).toEqual(['cadence']);
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      await api('POST', '/v1/finetune/plans/cadence/pause', undefined, 1);
      expect(await queue.schedules()).toEqual([]);
      elapsed = Date.now() - since;
    } finally {
      await queue.close();
      queueRedis.disconnect();
    }
    const { runs } = await api<{ runs: FineTuneRunV1[] }>('GET', '/v1/finetune/runs?plan=cadence&size=50');
    const finished = runs.filter((run) => run.outcome === 'no-data');
    // One run per 1.5 s while the schedule stood: a duplicated schedule would make about twice as many.
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(Math.floor(elapsed / 1_500) + 1);
    const starts = runs.map((run) => Date.parse(run.createdAt)).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThan(1_000);
  }, 60_000);

  it('promotes an adapter that retrieves better, and the gateway serves it without a restart', async () => {
    expect(await topicsFound()).toBeLessThan(TOPICS / 3);
    await putPlan('good', {
      trainer: ADAPTER,
      dataset: { ...DATASET, sources: [source] },
      promotion: { margin: 0.05 },
    });
    const run = await runToEnd('good');
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'promoted' });
    expect(Object.keys(run.stages)).toEqual(['dataset', 'train', 'evaluate', 'promote']);
    const scores = run.stages.evaluate?.outputs?.['scores'] as Record<
      string,
      { candidate: { ndcg10: number }; champion: { ndcg10: number } }
    >;
    expect(scores['holdout']?.candidate.ndcg10).toBeGreaterThan(
      (scores['holdout']?.champion.ndcg10 ?? 1) + 0.05,
    );
    const pointer = await registry().pointer('query-adapter', MODEL);
    expect(pointer.active).toBe(run.stages.train?.outputs?.['modelId']);
    await eventually(async () => expect(await topicsFound()).toBeGreaterThanOrEqual(TOPICS * 0.8), {
      timeoutMs: 10_000,
    });
  }, 120_000);

  it('refuses a degraded candidate (trained on shuffled labels) and keeps the live adapter', async () => {
    const live = (await registry().pointer('query-adapter', MODEL)).active;
    await putPlan('sabotage', {
      trainer: { ...ADAPTER, shuffleLabels: true },
      dataset: { ...DATASET, sources: [source] },
      promotion: { margin: 0.05 },
    });
    const run = await runToEnd('sabotage');
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'refused' });
    expect(run.reason).toContain('does not beat the champion');
    const refused = await registry().get(String(run.stages.train?.outputs?.['modelId']));
    expect(refused?.decision?.promote).toBe(false);
    expect((await registry().pointer('query-adapter', MODEL)).active).toBe(live);
    expect(await topicsFound()).toBeGreaterThanOrEqual(TOPICS * 0.8);
  }, 120_000);

  it('rolls back with `tributary models rollback`, restoring the previous results', async () => {
    const rolled = await runCli(['models', 'rollback', '--base-model', MODEL], 60_000, env);
    expect(rolled.stderr).toBe('');
    expect(rolled.stdout).toContain('no model (the base model as it is) is live');
    expect((await registry().pointer('query-adapter', MODEL)).active).toBeUndefined();
    await eventually(async () => expect(await topicsFound()).toBeLessThan(TOPICS / 3), { timeoutMs: 10_000 });
  }, 60_000);

  it('leaves no half-promoted model when the worker dies mid-run, and the retried run finishes it', async () => {
    // Enough epochs that training is still going when the worker is killed.
    await putPlan('crash', {
      trainer: { ...ADAPTER, epochs: 3_000 },
      dataset: { ...DATASET, sources: [source] },
      promotion: { margin: 0.05 },
    });
    const { runId } = await api<FineTuneRunV1>('POST', '/v1/finetune/plans/crash/runs');
    await eventually(
      async () =>
        expect((await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`)).stages.train?.status).toBe(
          'running',
        ),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    await worker.crash();
    expect((await registry().pointer('query-adapter', MODEL)).active).toBeUndefined();
    expect(await topicsFound()).toBeLessThan(TOPICS / 3);

    // The retry reads the plan afresh: back to the usual epochs so it ends quickly.
    await putPlan('crash', {
      trainer: ADAPTER,
      dataset: { ...DATASET, sources: [source] },
      promotion: { margin: 0.05 },
    });
    worker = await startApp('apps/finetune-scheduler/src/worker.ts', env, 3184);
    let run: FineTuneRunV1 | undefined;
    await eventually(
      async () => {
        run = await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`);
        expect(run.status).toBe('succeeded');
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
    expect(run).toMatchObject({ outcome: 'promoted' });
    expect(run?.attempt).toBeGreaterThanOrEqual(2);
    const pointer = await registry().pointer('query-adapter', MODEL);
    expect(pointer.active).toBe(run?.stages.train?.outputs?.['modelId']);
    expect(new Set(pointer.history).size).toBe(pointer.history.length);
    await eventually(async () => expect(await topicsFound()).toBeGreaterThanOrEqual(TOPICS * 0.8), {
      timeoutMs: 10_000,
    });
  }, 180_000);

  it('cancels a running run between training batches: it ends cancelled and nothing goes live', async () => {
    const live = (await registry().pointer('query-adapter', MODEL)).active;
    await putPlan('slow', {
      trainer: { ...ADAPTER, epochs: 3_000 },
      dataset: { ...DATASET, sources: [source] },
    });
    const { runId } = await api<FineTuneRunV1>('POST', '/v1/finetune/plans/slow/runs');
    await eventually(
      async () =>
        expect((await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`)).stages.train?.status).toBe(
          'running',
        ),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(await api('POST', `/v1/finetune/runs/${runId}/cancel`)).toEqual({ runId, status: 'cancelling' });
    await eventually(async () => {
      const run = await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`);
      expect(run).toMatchObject({
        status: 'cancelled',
        reason: expect.stringContaining('cancelled by key:'),
      });
    });
    expect((await registry().pointer('query-adapter', MODEL)).active).toBe(live);
    await expect(api('POST', `/v1/finetune/runs/${runId}/cancel`)).rejects.toThrow(/409/);
  }, 120_000);

  it('fine-tunes a generator through the OpenAI-compatible API and records its model for an operator', async () => {
    await putPlan('generator', {
      trainer: { kind: 'openai-chat', model: 'gpt-4o-mini-2024-07-18', suffix: 'support' },
      dataset: { ...DATASET, sources: [source] },
    });
    const run = await runToEnd('generator');
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'recorded' });
    expect(run.stages.evaluate?.status).toBe('skipped');
    const listed = await api<{ models: Array<{ kind: string; externalModel?: string; live: boolean }> }>(
      'GET',
      '/v1/models?kind=generator',
    );
    expect(listed.models).toHaveLength(1);
    expect(listed.models[0]?.externalModel).toMatch(/^ft:gpt-4o-mini-2024-07-18:support:/);
    expect(listed.models[0]?.live).toBe(false);
    expect(listed.models[0]?.externalModel).toBe(run.stages.train?.outputs?.['fineTunedModel']);
    const upload = fineTuningApi.requests.find((request) => request.upload)?.upload;
    const lines = (upload?.content ?? '').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines)
      expect(JSON.parse(line).messages.map((m: { role: string }) => m.role)).toEqual([
        'system',
        'user',
        'assistant',
      ]);
  }, 120_000);

  it("fails a generator run at once, with the provider's reason, when the remote job fails", async () => {
    fineTuningApi.scriptJobOutcomes({
      kind: 'fail',
      error: { code: 'invalid_training_file', message: 'line 3 has no assistant turn' },
    });
    const run = await runToEnd('generator');
    expect(run).toMatchObject({ status: 'failed', attempt: 1 });
    expect(run.reason).toContain('line 3 has no assistant turn');
  }, 120_000);
});
