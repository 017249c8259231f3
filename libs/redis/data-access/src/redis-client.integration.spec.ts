import { realServices } from '@tributary/testing';
import { createRedisClient, redisHealth } from './redis-client';

describe('Redis client against real Redis', () => {
  it('connects lazily and reports healthy', async () => {
    const redis = createRedisClient(realServices.redisUrl, 'command');
    expect(redis.status).toBe('wait');
    await redis.connect();
    await expect(redisHealth(redis)).resolves.toBeUndefined();
    redis.disconnect();
  });

  it('fails to connect to an unreachable Redis instead of waiting forever (command mode)', async () => {
    const redis = createRedisClient('redis://127.0.0.1:1', 'command');
    redis.on('error', () => undefined);
    await expect(redis.connect()).rejects.toThrow();
    expect(redis.status).not.toBe('ready');
    redis.disconnect();
  });
});
