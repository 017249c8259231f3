import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, type PushedChangeV1 } from '@tributary/contracts';
import { TributaryClient } from '@tributary/gateway-client';
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
import { moveGroup } from './consumer-lag';
import { startEmbedder } from './embedder';

/** A running gateway and embedder over a small two-tenant corpus pushed through the real ingest path. */
export interface GatewayFixture {
  gateway: AppProcess;
  embedder: AppProcess;
  redis: Redis;
  es: Client;
  keys: ApiKeyRepository;
  tenantA: string;
  tenantB: string;
  sources: { crowd: string; rare: string; secret: string; other: string };
  /** A client for tenant A with the search scope and no principals (public documents only). */
  clientA: TributaryClient;
  clientB: TributaryClient;
  /** A client whose key has the given scopes and settings, for tenant A unless told otherwise. */
  clientWith(settings: {
    scopes: Array<'search' | 'ingest' | 'admin'>;
    tenant?: string;
    principals?: string[];
    rateLimitPerMinute?: number;
  }): Promise<TributaryClient>;
  push(client: TributaryClient, changes: PushedChangeV1[]): Promise<void>;
  /** Waits until Elasticsearch holds exactly these documents of a source. */
  waitIndexed(source: string, docIds: number): Promise<void>;
  stop(): Promise<void>;
}

export const CROWD_DOCS = 60;
export const RARE_DOCS = 12;

type PushedUpsert = Extract<PushedChangeV1, { op: 'upsert' }>;

const pad = (n: number) => String(n).padStart(2, '0');

/** 60 near-identical Kafka notes: they outrank everything else for a Kafka query. */
export const crowdDoc = (n: number): PushedUpsert => ({
  op: 'upsert',
  source: '',
  docId: `c${pad(n)}`,
  title: `Kafka partition ordering note ${n}`,
  body: `Kafka partitions keep the ordering of messages per key. Consumers read partitions in order. Note ${n}.`,
  uri: `https://wiki.a/streaming/c${pad(n)}`,
  metadata: { team: 'streaming', year: 2000 + (n % 20), published: `20${10 + (n % 15)}-01-15` },
});

/** 12 sourdough recipes: unrelated to Kafka, ranked below every Kafka note. */
export const rareDoc = (n: number): PushedUpsert => ({
  op: 'upsert',
  source: '',
  docId: `r${pad(n)}`,
  title: `Sourdough recipe ${n}`,
  body: `Mix flour, water, salt and starter; proof overnight. Recipe ${n}.`,
  uri: `https://wiki.a/kitchen/r${pad(n)}`,
  metadata: { team: 'kitchen', year: 2010 + n, published: `2019-06-${pad(n + 1)}T08:00:00Z` },
});

export async function startGatewayFixture(ports: {
  gateway: number;
  embedder: number;
}): Promise<GatewayFixture> {
  const redis = new Redis(realServices.redisUrl);
  const keys = new ApiKeyRepository(redis);
  const es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  const kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'e2e-gateway' }, () => undefined);
  await ensureTopics(kafka);
  const group = uniqueName('gateway-embedder');
  await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
  const [embedder, gateway] = await Promise.all([
    startEmbedder(group, ports.embedder),
    startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, ports.gateway),
  ]);
  const tenantA = uniqueName('ta');
  const tenantB = uniqueName('tb');
  const sources = {
    crowd: uniqueName('crowd'),
    rare: uniqueName('rare'),
    secret: uniqueName('secret'),
    other: uniqueName('other'),
  };

  const clientWith: GatewayFixture['clientWith'] = async ({ tenant = tenantA, ...settings }) => {
    const { key } = await keys.create({
      name: 'e2e gateway',
      tenant,
      rateLimitPerMinute: 100_000,
      ...settings,
    });
    return new TributaryClient({ baseUrl: gateway.url, apiKey: key });
  };
  const push = async (client: TributaryClient, changes: PushedChangeV1[]) => {
    for (let i = 0; i < changes.length; i += 100) await client.ingest(changes.slice(i, i + 100));
  };
  const waitIndexed = async (source: string, docs: number) => {
    await eventually(
      async () => {
        await es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
        const { aggregations } = await es.search({
          index: TEST_INDEX_ENV.CHUNKS_ALIAS,
          size: 0,
          query: { term: { source } },
          aggs: { docs: { cardinality: { field: 'docId' } } },
        });
        const count = (aggregations?.['docs'] as { value: number } | undefined)?.value ?? 0;
        if (count !== docs) throw new Error(`${source}: ${count} of ${docs} documents indexed`);
      },
      { timeoutMs: 60_000 },
    );
  };

  const ingestA = await clientWith({ scopes: ['ingest'] });
  const ingestB = await clientWith({ scopes: ['ingest'], tenant: tenantB });
  const withSource = (source: string) => (change: PushedChangeV1) => ({ ...change, source });
  await push(
    ingestA,
    Array.from({ length: CROWD_DOCS }, (_, n) => crowdDoc(n)).map(withSource(sources.crowd)),
  );
  await push(ingestA, Array.from({ length: RARE_DOCS }, (_, n) => rareDoc(n)).map(withSource(sources.rare)));
  await push(
    ingestA,
    [
      { docId: 'eng', acl: ['group:eng'] },
      { docId: 'ann', acl: ['user:ann'] },
      { docId: 'public', acl: undefined },
    ].map(({ docId, acl }) => ({
      op: 'upsert',
      source: sources.secret,
      docId,
      title: `Roadmap ${docId}`,
      body: `The confidential zeppelin roadmap, copy ${docId}.`,
      uri: `https://wiki.a/roadmap/${docId}`,
      metadata: {},
      ...(acl ? { acl } : {}),
    })),
  );
  await push(
    ingestB,
    Array.from({ length: 5 }, (_, n) => ({ ...crowdDoc(n), source: sources.other, docId: `b${n}` })),
  );
  await Promise.all([
    waitIndexed(sources.crowd, CROWD_DOCS),
    waitIndexed(sources.rare, RARE_DOCS),
    waitIndexed(sources.secret, 3),
    waitIndexed(sources.other, 5),
  ]);

  return {
    gateway,
    embedder,
    redis,
    es,
    keys,
    tenantA,
    tenantB,
    sources,
    clientA: await clientWith({ scopes: ['search'] }),
    clientB: await clientWith({ scopes: ['search'], tenant: tenantB }),
    clientWith,
    push,
    waitIndexed,
    stop: async () => {
      await Promise.all([gateway.stop(), embedder.stop()]);
      redis.disconnect();
      await es.close();
    },
  };
}
