import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, type SearchResponseV1 } from '@tributary/contracts';
import { TributaryClient } from '@tributary/gateway-client';
import { compareIndices } from '@tributary/indexing';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { ChunkIndexTargets, createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { runCli } from '../support/connector-process';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';

/**
 * `tributary index migrate` from the hashing placeholder to the real local
 * model while changes keep flowing and a search runs every few milliseconds:
 * no search fails, the new index holds every change (including those made
 * during the copy), queries follow the new model after the swap, and rollback
 * and finish work. Its own alias, state index and consumer group keep it apart
 * from the other suites.
 */
const PLACEHOLDER = 'hashing-placeholder-v2-256';
const MODEL = 'local:bge-small-en-v1.5';
const env = {
  CHUNKS_ALIAS: uniqueName('migrate-chunks'),
  DOCUMENT_STATE_INDEX: uniqueName('migrate-documents'),
  EMBEDDING_MODEL: PLACEHOLDER,
  INDEX_ALIAS_TTL_MS: '300',
};
const cli = (args: string[]) => runCli(['index', ...args], 240_000, env);

/** Documents that share no words with the query "car", so only a model with meaning finds the first. */
const CORPUS: Array<[string, string]> = [
  ['auto', 'The automobile needs new tyres and an oil change before the long drive.'],
  ['bread', 'Knead the dough, let it rise overnight, then bake it until golden.'],
  ['tides', 'The moon pulls the oceans, raising tides twice a day along the coast.'],
  ['chess', 'Opening theory matters less than sound middlegame plans.'],
];
const FILLER = 40;
type Pushed = Parameters<TributaryClient['ingest']>[0][number];

describe('index migration (real Kafka, Elasticsearch, Redis, local ONNX model)', () => {
  let es: Client;
  let redis: Redis;
  let embedder: AppProcess;
  let gateway: AppProcess;
  let search: TributaryClient;
  let ingest: TributaryClient;
  const source = uniqueName('migrate');

  const upsert = (docId: string, body: string, title = docId): Pushed => ({
    op: 'upsert',
    source,
    docId,
    title,
    body,
    uri: `test:///${docId}`,
    metadata: {},
  });
  const top = async (query: string, mode: 'vector' | 'hybrid' = 'vector') =>
    (await search.search({ query, mode, topK: 3, filter: { source: [source] } })).hits.map((h) => h.docId);
  const roles = async () =>
    Object.fromEntries((await new ChunkIndexTargets(es, env.CHUNKS_ALIAS, 0).all()).map((t) => [t.role, t]));

  beforeAll(async () => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    redis = new Redis(realServices.redisUrl);
    const kafka = createKafka(
      { brokers: realServices.kafkaBrokers, clientId: 'e2e-migrate' },
      () => undefined,
    );
    await ensureTopics(kafka);
    const group = uniqueName('migrate-embedder');
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
    [embedder, gateway] = await Promise.all([
      startEmbedder(group, 3171, env),
      startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn', ...env }, 3170),
    ]);
    const keys = new ApiKeyRepository(redis);
    const key = async (scope: 'search' | 'ingest') =>
      (
        await keys.create({
          name: 'e2e migrate',
          tenant: 'default',
          scopes: [scope],
          rateLimitPerMinute: 1e6,
        })
      ).key;
    search = new TributaryClient({ baseUrl: gateway.url, apiKey: await key('search') });
    ingest = new TributaryClient({ baseUrl: gateway.url, apiKey: await key('ingest') });
    await ingest.ingest([
      ...CORPUS.map(([docId, body]) => upsert(docId, body)),
      ...Array.from({ length: FILLER }, (_, n) =>
        upsert(`f${n}`, `Filler note ${n} about quarterly planning.`),
      ),
    ]);
    await eventually(
      async () => expect(await indexedDocs(es, env.CHUNKS_ALIAS, source)).toBe(CORPUS.length + FILLER),
      {
        timeoutMs: 60_000,
      },
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all([embedder?.stop(), gateway?.stop()]);
    await es?.indices.delete({ index: `${env.CHUNKS_ALIAS}-*`, ignore_unavailable: true });
    await es?.indices.delete({ index: env.DOCUMENT_STATE_INDEX, ignore_unavailable: true });
    redis?.disconnect();
    await es?.close();
  });

  it('migrates to a new model with searches and changes running, then rolls back and finishes', async () => {
    // The placeholder hashes words: it cannot tell that a car is an automobile.
    expect((await top('car'))[0]).not.toBe('auto');

    let searching = true;
    const failures: unknown[] = [];
    let searches = 0;
    const searcher = (async () => {
      while (searching) {
        try {
          const response: SearchResponseV1 = await search.search({ query: 'tides of the ocean', topK: 5 });
          if (response.hits.length === 0) failures.push('a search found nothing');
          searches++;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const migration = cli(['migrate', '--model', MODEL, '--dual-write-wait-ms', '1500']);
    // Changes while the new index is being built: an update, a delete and a new document.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ingest.ingest([
      upsert('f0', 'Filler note zero, now about mangrove forests.'),
      { op: 'delete', source, docId: 'f1' },
      upsert('late', 'A sailboat caught the evening breeze.'),
    ]);
    const result = await migration;
    searching = false;
    await searcher;

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/verified: every document matches/);
    expect(result.stdout).toMatch(/swapped: .* is active/);
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(10);

    const afterSwap = await roles();
    expect(afterSwap['active']?.model).toBe(MODEL);
    expect(afterSwap['previous']?.model).toBe(PLACEHOLDER);
    expect(afterSwap['next']).toBeUndefined();

    // The new index has every change, made before or during the migration.
    const active = afterSwap['active']!.index;
    await eventually(async () => {
      await es.indices.refresh({ index: active });
      expect(await indexedDocs(es, active, source)).toBe(CORPUS.length + FILLER); // +late −f1
    });
    const chunks = await es.search<{ docId: string; model: string; text: string }>({
      index: active,
      size: 100,
      query: { term: { source } },
    });
    const byDoc = new Map(chunks.hits.hits.map((hit) => [hit._source!.docId, hit._source!]));
    expect(byDoc.get('f0')?.text).toMatch(/mangrove/);
    expect(byDoc.has('f1')).toBe(false);
    expect(byDoc.has('late')).toBe(true);
    expect(new Set(chunks.hits.hits.map((hit) => hit._source!.model))).toEqual(new Set([MODEL]));

    // Queries now go to the new index with a vector from its model.
    await eventually(async () => expect((await top('car'))[0]).toBe('auto'));

    // The previous index is kept in step for rollback.
    await ingest.ingest([upsert('after', 'Written after the swap.')]);
    await eventually(async () => {
      expect(await indexedDocs(es, afterSwap['previous']!.index, source)).toBe(CORPUS.length + FILLER + 1);
      expect(await compareIndices(es, afterSwap['previous']!.index, active)).toEqual([]);
    });

    const rollback = await cli(['rollback']);
    expect(rollback.code).toBe(0);
    expect((await roles())['active']?.model).toBe(PLACEHOLDER);
    await eventually(async () => expect((await top('car'))[0]).not.toBe('auto'));

    const finish = await cli(['finish']);
    expect(finish.code).toBe(0);
    expect(finish.stdout).toBe(`dropped ${active}`);
    const left = await roles();
    expect(Object.keys(left)).toEqual(['active']);
    expect(await es.indices.exists({ index: active })).toBe(false);
  }, 300_000);

  it('refuses what cannot be done, with the reason', async () => {
    const rollback = await cli(['rollback']);
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toMatch(/no previous index to roll back to/);
    const same = await cli(['migrate', '--model', PLACEHOLDER, '--dual-write-wait-ms', '0']);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/already holds model hashing-placeholder-v2-256/);
    const unknown = await cli(['migrate', '--model', 'bert-large']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown embedding model id "bert-large"/);
  }, 60_000);
});

/** Documents of a source in an index now (after a refresh): one chunk 0 each. */
async function indexedDocs(es: Client, index: string, source: string): Promise<number> {
  await es.indices.refresh({ index });
  const { count } = await es.count({
    index,
    query: { bool: { filter: [{ term: { source } }, { term: { chunk: 0 } }] } },
  });
  return count;
}
