import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { CheckpointCountReader } from './checkpoint-count.reader';

// The hashes are written here as RedisCheckpointRepository writes them (a data-access lib may not
// import another); the operations integration spec reads ones that repository itself wrote.
describe('CheckpointCountReader (real Redis)', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  it('counts the checkpoints the runner recorded per source, tombstones included, 0 for a source without any', async () => {
    prefix = uniqueName('it-ops-checkpoints');
    await redis.hset(`${prefix}:docs:versions`, {
      'a.md': '1:1',
      'b.md': '2:2:W/"x:y"',
      'gone.md': 'deleted:3',
    });
    await redis.hset(`${prefix}:wiki:versions`, { home: '5:5' });
    await redis.set(`${prefix}:docs:other`, 'not a checkpoint');

    const counts = await new CheckpointCountReader(redis, prefix).count(['docs', 'wiki', 'never-ran']);

    expect(counts).toEqual(
      new Map([
        ['docs', 3],
        ['wiki', 1],
        ['never-ran', 0],
      ]),
    );
    expect(await new CheckpointCountReader(redis, prefix).count([])).toEqual(new Map());
  });
});
