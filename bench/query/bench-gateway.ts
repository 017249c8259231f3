import type { Redis } from 'ioredis';
import { ApiKeyRepository, TenantSettingsRepository } from '@tributary/auth-data-access';
import { DEFAULT_TENANT, QUERY_LOG_STREAM, type FusionV1 } from '@tributary/contracts';
import { createRedisClient } from '@tributary/redis';
import { realServices, startApp, type AppProcess } from '@tributary/testing';
import { prometheusProcessCpu, redisCpu, type CpuReader } from './cpu-meter';
import { BENCH_RRF_K } from './search-paths';

// Far above what two cores can serve, so the limiter counts but never refuses.
const UNTHROTTLED_PER_MINUTE = 1_000_000;
const STREAM_PAGE = 1000;

export interface BenchGateway {
  url: string;
  /** A search key of the default tenant, revoked by stop(). */
  apiKey: string;
  keyId: string;
  /** The default tenant's own fusion setting, which the gateway applies to hybrid searches. */
  tenantFusion: FusionV1 | undefined;
  cpuReaders: { gateway: CpuReader; redis: CpuReader };
  /** Stops the gateway, revokes the key and takes the bench's queries out of the query log. */
  stop(): Promise<{ queryLogEntriesRemoved: number }>;
}

/** The real query gateway as a child process, and an API key made for this run. */
export async function startBenchGateway(port: number): Promise<BenchGateway> {
  const redis = createRedisClient(realServices.redisUrl, 'command');
  const keys = new ApiKeyRepository(redis);
  const startedAt = Date.now();
  const { key, record } = await keys.create({
    name: 'bench-query',
    tenant: DEFAULT_TENANT,
    scopes: ['search'],
    rateLimitPerMinute: UNTHROTTLED_PER_MINUTE,
  });
  const cleanUp = async () => {
    await keys.revoke(record.id);
    const queryLogEntriesRemoved = await removeLoggedQueries(redis, record.id, startedAt);
    await redis.quit();
    return { queryLogEntriesRemoved };
  };
  let gateway: AppProcess;
  try {
    // warn: per-request logs are not what is compared here (and would fill this process's memory).
    gateway = await startApp(
      'apps/query-gateway/src/main.ts',
      { LOG_LEVEL: 'warn', RRF_K: String(BENCH_RRF_K) },
      port,
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    url: gateway.url,
    apiKey: key,
    keyId: record.id,
    tenantFusion: (await new TenantSettingsRepository(redis).get(DEFAULT_TENANT)).fusion,
    cpuReaders: { gateway: prometheusProcessCpu(gateway.url), redis: redisCpu(redis) },
    stop: async () => {
      await gateway.stop();
      return cleanUp();
    },
  };
}

/**
 * The gateway logs every query for the fine-tune jobs; the bench's thousands
 * of SciFact queries are not training data. Deletes the stream entries of this
 * run's key (the per-query feedback records expire on their own).
 */
async function removeLoggedQueries(redis: Redis, keyId: string, since: number): Promise<number> {
  let removed = 0;
  // Entry ids are Redis's clock in ms: start a minute early in case the clocks differ; the key id decides.
  let start = `${since - 60_000}-0`;
  for (;;) {
    const page = await redis.xrange(QUERY_LOG_STREAM, start, '+', 'COUNT', STREAM_PAGE);
    const ours = page.filter(([, fields]) => loggedKeyId(fields) === keyId).map(([id]) => id);
    if (ours.length > 0) removed += await redis.xdel(QUERY_LOG_STREAM, ...ours);
    if (page.length < STREAM_PAGE) return removed;
    start = `(${page.at(-1)?.[0] ?? '+'}`;
  }
}

function loggedKeyId(fields: string[]): string | undefined {
  const at = fields.indexOf('entry');
  const json = at === -1 ? undefined : fields[at + 1];
  try {
    return json === undefined ? undefined : (JSON.parse(json) as { keyId?: string }).keyId;
  } catch {
    return undefined;
  }
}
