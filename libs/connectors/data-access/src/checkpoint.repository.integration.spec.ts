import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { RedisCheckpointRepository } from './checkpoint.repository';

describe('RedisCheckpointRepository against real Redis', () => {
  let redis: Redis;
  let checkpoints: RedisCheckpointRepository;
  const prefix = uniqueName('it-checkpoints');

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
    checkpoints = new RedisCheckpointRepository(redis, prefix);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('records, reads back and forgets document versions per source', async () => {
    await checkpoints.record(
      'docs',
      new Map([
        ['a.md', 1700000000123],
        ['b.md', 2],
      ]),
    );
    await checkpoints.record('other', new Map([['a.md', 9]]));
    expect(await checkpoints.versions('docs')).toEqual(
      new Map([
        ['a.md', 1700000000123],
        ['b.md', 2],
      ]),
    );
    await checkpoints.forget('docs', ['a.md']);
    expect(await checkpoints.versions('docs')).toEqual(new Map([['b.md', 2]]));
    expect(await checkpoints.versions('other')).toEqual(new Map([['a.md', 9]]));
  });

  it('survives a new connection: the state lives in Redis, not the process', async () => {
    await checkpoints.record('persisted', new Map([['x', 3]]));
    const fresh = new Redis(realServices.redisUrl);
    try {
      expect(await new RedisCheckpointRepository(fresh, prefix).versions('persisted')).toEqual(
        new Map([['x', 3]]),
      );
    } finally {
      fresh.disconnect();
    }
  });
});
