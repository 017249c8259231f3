import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { RedisCheckpointRepository, tombstone, type Checkpoint } from './checkpoint.repository';

describe('RedisCheckpointRepository against real Redis', () => {
  let redis: Redis;
  let checkpoints: RedisCheckpointRepository;
  const prefix = uniqueName('it-checkpoints');
  const at = (sourceVersion: number, publishedVersion = sourceVersion) => ({
    sourceVersion,
    publishedVersion,
  });

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
    checkpoints = new RedisCheckpointRepository(redis, prefix);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('records and loads checkpoints and tombstones per source', async () => {
    await checkpoints.record(
      'docs',
      new Map([
        ['a.md', at(1700000000123)],
        ['b.md', at(2, 5)],
      ]),
    );
    await checkpoints.record('other', new Map([['a.md', at(9)]]));
    expect(await checkpoints.load('docs')).toEqual(
      new Map([
        ['a.md', at(1700000000123)],
        ['b.md', at(2, 5)],
      ]),
    );
    await checkpoints.record('docs', new Map([['a.md', tombstone(1700000000999)]]));
    expect(await checkpoints.load('docs')).toEqual(
      new Map<string, Checkpoint>([
        ['a.md', { sourceVersion: -1, publishedVersion: 1700000000999, deleted: true }],
        ['b.md', at(2, 5)],
      ]),
    );
    expect(await checkpoints.load('other')).toEqual(new Map([['a.md', at(9)]]));
  });

  it('keeps a validator, colons and all', async () => {
    const withEtag = { sourceVersion: 4, publishedVersion: 6, validator: 'W/"a:b:c"' };
    await checkpoints.record('web', new Map([['/page', withEtag]]));
    expect((await checkpoints.load('web')).get('/page')).toEqual(withEtag);
  });

  it('survives a new connection: the state lives in Redis, not the process', async () => {
    await checkpoints.record('persisted', new Map([['x', at(3)]]));
    const fresh = new Redis(realServices.redisUrl);
    try {
      expect(await new RedisCheckpointRepository(fresh, prefix).load('persisted')).toEqual(
        new Map([['x', at(3)]]),
      );
    } finally {
      fresh.disconnect();
    }
  });
});
