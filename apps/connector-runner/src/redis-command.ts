import type { Redis } from 'ioredis';
import { createRedisClient } from '@tributary/redis';
import { loadRunnerConfig } from './runner.config';

/** Runs an operator command's work over one Redis connection, with a clear error when Redis is down. */
export async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  const config = loadRunnerConfig();
  const redis = createRedisClient(config.REDIS_URL, 'command');
  // Kept for the message below instead of ioredis printing every reconnect attempt.
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect().catch((error: Error) => {
      throw new Error(`Redis is unreachable (REDIS_URL): ${(lastError ?? error).message}`);
    });
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}
