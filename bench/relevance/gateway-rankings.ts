// Each judged query through the real gateway's POST /v1/search, in each mode,
// as a ranking of corpus ids.
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DEFAULT_TENANT, SEARCH_LIMITS, type FusionV1, type SearchMode } from '@tributary/contracts';
import { TributaryClient } from '@tributary/gateway-client';
import { createRedisClient } from '@tributary/redis';
import { realServices, startApp } from '@tributary/testing';
import type { BeirQuery } from './beir-dataset';
import { corpusIdOf } from './dataset-ingest';

// Enough to keep two cores busy between the gateway and Elasticsearch, few enough that no request times out.
const IN_FLIGHT = 4;
// Far above what the machine can serve: the limiter counts but never refuses.
const UNTHROTTLED_PER_MINUTE = 1_000_000;

export interface ModeRankings {
  mode: SearchMode;
  /** Query id → corpus ids, best first: the API's deepest page, what Recall@100 needs. */
  rankings: Map<string, string[]>;
  seconds: number;
}

/** The queries through one gateway in one mode. */
export async function rankQueries(
  client: TributaryClient,
  source: string,
  queries: readonly BeirQuery[],
  mode: SearchMode,
  fusion: FusionV1,
): Promise<ModeRankings> {
  const rankings = new Map<string, string[]>();
  const started = performance.now();
  const pending = queries.values();
  const worker = async () => {
    for (const query of pending) {
      const response = await client.search({
        query: query.text.slice(0, SEARCH_LIMITS.queryMaxLength),
        topK: SEARCH_LIMITS.topKMax,
        mode,
        // Only the bench's source: an embedder of the bench also indexes what others publish meanwhile.
        filter: { source },
        // Asked for explicitly: a tenant default set elsewhere changes nothing.
        ...(mode === 'hybrid' ? { fusion } : {}),
      });
      rankings.set(
        query.id,
        response.hits.map((hit) => corpusIdOf(hit.docId)),
      );
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { mode, rankings, seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts a gateway on the bench's index (env) with a search key of its own,
 * hands a client of it to `work`, then stops it and revokes the key.
 */
export async function withSearchGateway<T>(
  options: { port: number; env: Record<string, string> },
  work: (client: TributaryClient) => Promise<T>,
): Promise<T> {
  const redis = createRedisClient(realServices.redisUrl, 'command');
  const keys = new ApiKeyRepository(redis);
  const { key, record } = await keys.create({
    name: 'bench-relevance',
    tenant: DEFAULT_TENANT,
    scopes: ['search'],
    rateLimitPerMinute: UNTHROTTLED_PER_MINUTE,
  });
  try {
    const gateway = await startApp(
      'apps/query-gateway/src/main.ts',
      { LOG_LEVEL: 'warn', ...options.env },
      options.port,
    );
    try {
      return await work(new TributaryClient({ baseUrl: gateway.url, apiKey: key, timeoutMs: 60_000 }));
    } finally {
      await gateway.stop();
    }
  } finally {
    await keys.revoke(record.id);
    await redis.quit();
  }
}

/** Ranks the queries in each mode through a gateway of the bench's own. */
export async function rankInModes(
  options: {
    port: number;
    env: Record<string, string>;
    source: string;
    modes: readonly SearchMode[];
    fusion: FusionV1;
  },
  queries: readonly BeirQuery[],
  log: (message: string) => void,
): Promise<ModeRankings[]> {
  return withSearchGateway(options, async (client) => {
    const runs: ModeRankings[] = [];
    for (const mode of options.modes) {
      runs.push(await rankQueries(client, options.source, queries, mode, options.fusion));
      log(`${mode}: ${queries.length} queries in ${runs.at(-1)?.seconds.toFixed(1)} s`);
    }
    return runs;
  });
}
