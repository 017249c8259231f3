import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { SourceTenantRepository } from './source-tenant.repository';

describe('SourceTenantRepository against real Redis', () => {
  let redis: Redis;
  let owners: SourceTenantRepository;
  const key = uniqueName('it-source-tenants');

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
    owners = new SourceTenantRepository(redis, key);
  });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('gives a free source to the first tenant that claims it, and again to that tenant', async () => {
    await expect(owners.claimAll(['crm'], 'acme')).resolves.toEqual({ ok: true });
    await expect(owners.claimAll(['crm'], 'acme')).resolves.toEqual({ ok: true });
    expect(await redis.hget(key, 'crm')).toBe('acme');
  });

  it('refuses another tenant, naming the owner, and leaves the source with its owner', async () => {
    await owners.claimAll(['wiki'], 'acme');
    await expect(owners.claimAll(['wiki'], 'globex')).resolves.toEqual({
      ok: false,
      source: 'wiki',
      owner: 'acme',
    });
    expect(await redis.hget(key, 'wiki')).toBe('acme');
  });

  it('lets exactly one of many tenants racing for a free source win', async () => {
    const tenants = Array.from({ length: 20 }, (_, i) => `tenant-${i}`);
    const claims = await Promise.all(tenants.map((tenant) => owners.claimAll(['contested'], tenant)));
    const winners = tenants.filter((_, i) => claims[i]?.ok);
    expect(winners).toHaveLength(1);
    const owner = await redis.hget(key, 'contested');
    expect(winners).toEqual([owner]);
    expect(claims.filter((claim) => !claim.ok)).toEqual(
      Array.from({ length: 19 }, () => ({ ok: false, source: 'contested', owner })),
    );
  });

  it('claims several sources all or nothing: one foreign source leaves the free ones unclaimed', async () => {
    await owners.claimAll(['taken'], 'acme');
    await expect(owners.claimAll(['free-1', 'taken', 'free-2'], 'globex')).resolves.toEqual({
      ok: false,
      source: 'taken',
      owner: 'acme',
    });
    expect(await redis.hmget(key, 'free-1', 'free-2')).toEqual([null, null]);
    await expect(owners.claimAll(['free-1', 'taken', 'free-2'], 'acme')).resolves.toEqual({ ok: true });
    expect(await redis.hmget(key, 'free-1', 'taken', 'free-2')).toEqual(['acme', 'acme', 'acme']);
  });

  it('keeps ownership in Redis: a new connection sees the same owner', async () => {
    await owners.claimAll(['persisted'], 'acme');
    const fresh = new Redis(realServices.redisUrl);
    try {
      await expect(new SourceTenantRepository(fresh, key).claimAll(['persisted'], 'globex')).resolves.toEqual(
        {
          ok: false,
          source: 'persisted',
          owner: 'acme',
        },
      );
    } finally {
      fresh.disconnect();
    }
  });
});
