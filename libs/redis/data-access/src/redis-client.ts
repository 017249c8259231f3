import { Redis } from 'ioredis';

/** How long a command-mode client keeps trying to reach Redis before its commands fail. */
const COMMAND_RECONNECT_ATTEMPTS = 5;

/**
 * "queue": for BullMQ workers and long-lived services; a Redis blip makes
 * commands wait (maxRetriesPerRequest null, reconnecting forever) instead of failing jobs.
 * "command": for a CLI; commands fail after a few retries and the client gives
 * up reconnecting, so the user hears of it and the process can exit.
 */
export function createRedisClient(url: string, usage: 'queue' | 'command'): Redis {
  if (usage === 'queue') return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt) => (attempt > COMMAND_RECONNECT_ATTEMPTS ? null : Math.min(attempt * 200, 1000)),
  });
}

/** Readiness: Redis answers PING. */
export async function redisHealth(redis: Redis): Promise<void> {
  const reply = await redis.ping();
  if (reply !== 'PONG') throw new Error(`unexpected PING reply: ${reply}`);
}
