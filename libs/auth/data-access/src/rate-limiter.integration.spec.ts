import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { RedisRateLimiter } from './rate-limiter';

describe('RedisRateLimiter against real Redis', () => {
  let redis: Redis;
  let limiter: RedisRateLimiter;
  const prefix = uniqueName('it-rate-limit');

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
    limiter = new RedisRateLimiter(redis, prefix);
  });

  // No cleanup: every key this test writes expires within 10 s by itself.
  afterAll(() => redis.disconnect());

  // 60 a minute: one request a second sustained, a burst of 10.
  const consumeMany = async (id: string, count: number) => {
    const decisions = [];
    for (let i = 0; i < count; i++) decisions.push(await limiter.consume(id, 60));
    return decisions;
  };

  it('allows the burst at once, counting down what remains, then refuses with about one interval to wait', async () => {
    const decisions = await consumeMany('burst', 11);
    expect(decisions.slice(0, 10).map(({ allowed }) => allowed)).toEqual(Array(10).fill(true));
    expect(decisions.slice(0, 10).map(({ remaining }) => remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const refused = decisions[10]!;
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterMs).toBeGreaterThan(500);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('allows one more request once retryAfterMs has passed, and keeps refusing before', async () => {
    const refused = (await consumeMany('refill', 11))[10]!;
    expect(refused.allowed).toBe(false);
    const again = await limiter.consume('refill', 60);
    expect(again.allowed).toBe(false);
    expect(again.retryAfterMs).toBeLessThanOrEqual(refused.retryAfterMs);
    await new Promise((resolve) => setTimeout(resolve, again.retryAfterMs + 20));
    expect(await limiter.consume('refill', 60)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await limiter.consume('refill', 60)).allowed).toBe(false);
  });

  it('limits each id on its own', async () => {
    await consumeMany('busy', 10);
    expect((await limiter.consume('busy', 60)).allowed).toBe(false);
    expect(await limiter.consume('quiet', 60)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 9 });
  });

  it('keeps a key in Redis only until its requests have paid off, and refusals write nothing', async () => {
    await consumeMany('expiry', 3);
    const ttl = await redis.pttl(`${prefix}:expiry`);
    expect(ttl).toBeGreaterThan(2000);
    expect(ttl).toBeLessThanOrEqual(3000);
    await consumeMany('expiry', 10);
    const stored = await redis.get(`${prefix}:expiry`);
    await limiter.consume('expiry', 60);
    expect(await redis.get(`${prefix}:expiry`)).toBe(stored);
  });
});
