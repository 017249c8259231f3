import { Redis } from 'ioredis';

/**
 * "queue": for BullMQ workers and long-lived services; a Redis blip makes
 * commands wait (maxRetriesPerRequest null) instead of failing jobs.
 * "command": for a CLI or a connector pass; a command fails after a few
 * retries so the caller hears of it, while the client keeps reconnecting in
 * the background for the next pass.
 */
export function createRedisClient(url: string, usage: 'queue' | 'command'): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: usage === 'queue' ? null : 3 });
}

/** Readiness: Redis answers PING. */
export async function redisHealth(redis: Redis): Promise<void> {
  const reply = await redis.ping();
  if (reply !== 'PONG') throw new Error(`unexpected PING reply: ${reply}`);
}
