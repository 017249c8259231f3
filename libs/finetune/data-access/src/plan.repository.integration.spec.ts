import { Redis } from 'ioredis';
import { fineTunePlanV1Schema, type FineTunePlanInputV1 } from '@tributary/contracts';
import { realServices, uniqueName } from '@tributary/testing';
import { PlanRepository } from './plan.repository';

const plan = (input: Partial<FineTunePlanInputV1> & { name: string }) =>
  fineTunePlanV1Schema.parse({ trainer: { kind: 'query-adapter' }, ...input });

describe('PlanRepository (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let plans: PlanRepository;

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
  });
  beforeEach(() => {
    prefix = uniqueName('it-finetune');
    plans = new PlanRepository(redis, prefix);
  });
  afterEach(() => redis.del(`${prefix}:plans`));
  afterAll(() => redis.quit());

  it('puts, gets, lists by name and deletes plans in one hash under the prefix', async () => {
    const zeta = plan({ name: 'zeta', schedule: { everyMs: 60_000 }, paused: true });
    const alpha = plan({ name: 'alpha', schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' } });
    await plans.put(zeta);
    await plans.put(alpha);

    expect(await plans.get('alpha')).toEqual(alpha);
    expect(await plans.get('missing')).toBeUndefined();
    expect(await plans.list()).toEqual([alpha, zeta]);
    expect(await redis.hkeys(`${prefix}:plans`)).toEqual(expect.arrayContaining(['alpha', 'zeta']));

    expect(await plans.delete('zeta')).toBe(true);
    expect(await plans.delete('zeta')).toBe(false);
    expect(await plans.list()).toEqual([alpha]);
  });

  it('replaces a plan put again under the same name', async () => {
    await plans.put(plan({ name: 'alpha' }));
    const paused = plan({ name: 'alpha', paused: true });
    await plans.put(paused);
    expect(await plans.list()).toEqual([paused]);
  });

  it('keeps deployments with different prefixes apart', async () => {
    const other = new PlanRepository(redis, `${prefix}-other`);
    await plans.put(plan({ name: 'alpha' }));
    expect(await other.list()).toEqual([]);
    expect(await other.get('alpha')).toBeUndefined();
  });

  it('refuses a stored plan that no longer fits the schema rather than running it', async () => {
    await redis.hset(`${prefix}:plans`, 'broken', JSON.stringify({ name: 'broken' }));
    await expect(plans.get('broken')).rejects.toThrow(/trainer/);
  });
});
