import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { ApiKeyRepository } from './api-key.repository';
import { InvalidApiKeyInputError, parseApiKey } from './api-key.format';

describe('ApiKeyRepository against real Redis', () => {
  let redis: Redis;
  let keys: ApiKeyRepository;
  const hashKey = uniqueName('it-api-keys');

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
    keys = new ApiKeyRepository(redis, hashKey);
  });

  afterAll(async () => {
    await redis.del(hashKey);
    redis.disconnect();
  });

  it('creates a key that verifies to its record', async () => {
    const { key, record } = await keys.create({
      name: 'ingest bot',
      tenant: 'acme',
      scopes: ['ingest', 'search'],
    });
    expect(key).toMatch(/^trb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      id: parseApiKey(key)?.id,
      name: 'ingest bot',
      tenant: 'acme',
      scopes: ['search', 'ingest'],
      createdAt: expect.any(String),
    });
    expect(await keys.verify(key)).toEqual(record);
  });

  it('keeps principals and the rate limit through verify, list and revoke', async () => {
    const { key, record } = await keys.create({
      name: 'backend',
      tenant: 'acme',
      scopes: ['search'],
      principals: ['group:support', 'user:ana/1', 'group:support'],
      rateLimitPerMinute: 1_000_000,
    });
    expect(record).toMatchObject({
      principals: ['group:support', 'user:ana/1'],
      rateLimitPerMinute: 1_000_000,
    });
    expect(await keys.verify(key)).toEqual(record);
    expect((await keys.list()).find(({ id }) => id === record.id)).toEqual(record);
    // Revocation rewrites the record inside Redis (cjson): the new fields must survive it.
    await keys.revoke(record.id);
    expect((await keys.list()).find(({ id }) => id === record.id)).toEqual({
      ...record,
      revokedAt: expect.any(String),
    });
  });

  it('reads a record stored before principals and rate limits existed', async () => {
    const { key, record } = await keys.create({ name: 'old', tenant: 'acme', scopes: ['ingest'] });
    const { secretHash } = JSON.parse((await redis.hget(hashKey, record.id)) ?? '{}') as {
      secretHash: string;
    };
    const { id, name, tenant, scopes, createdAt } = record;
    await redis.hset(hashKey, id, JSON.stringify({ id, name, tenant, scopes, createdAt, secretHash }));
    const verified = await keys.verify(key);
    expect(verified).toEqual({ id, name, tenant, scopes, createdAt });
    expect(verified).not.toHaveProperty('principals');
    expect(verified).not.toHaveProperty('rateLimitPerMinute');
  });

  it('verifies a wrong secret, a malformed key and an unknown id to undefined', async () => {
    const { key } = await keys.create({ name: 'reader', tenant: 'acme', scopes: ['search'] });
    const parts = parseApiKey(key);
    if (!parts) throw new Error('created key does not parse');
    const wrongSecret = `trb_${parts.id}_${parts.secret.startsWith('A') ? 'B' : 'A'}${parts.secret.slice(1)}`;
    expect(await keys.verify(wrongSecret)).toBeUndefined();
    expect(await keys.verify(key.slice(0, -1))).toBeUndefined();
    expect(await keys.verify('not-a-key')).toBeUndefined();
    expect(await keys.verify(`trb_ffffffffffff_${parts.secret}`)).toBeUndefined();
  });

  it('revokes a key: verify refuses it and list shows when', async () => {
    const { key, record } = await keys.create({ name: 'to revoke', tenant: 'acme', scopes: ['admin'] });
    expect(await keys.revoke(record.id)).toBe(true);
    expect(await keys.verify(key)).toBeUndefined();
    const listed = (await keys.list()).find(({ id }) => id === record.id);
    expect(listed).toEqual({ ...record, revokedAt: expect.any(String) });
    const revokedAt = listed?.revokedAt ?? '';
    expect(Date.parse(revokedAt)).toBeGreaterThanOrEqual(Date.parse(record.createdAt));

    expect(await keys.revoke(record.id)).toBe(true);
    expect((await keys.list()).find(({ id }) => id === record.id)?.revokedAt).toBe(revokedAt);
  });

  it('revokes nothing for an unknown or malformed id', async () => {
    expect(await keys.revoke('ffffffffffff')).toBe(false);
    expect(await keys.revoke('../nope')).toBe(false);
  });

  it('lists every key oldest first, without secret hashes', async () => {
    const first = await keys.create({ name: 'first', tenant: 'acme', scopes: ['search'] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await keys.create({ name: 'second', tenant: 'acme', scopes: ['search'] });
    const listed = await keys.list();
    const ids = listed.map(({ id }) => id);
    expect(ids.indexOf(first.record.id)).toBeLessThan(ids.indexOf(second.record.id));
    const created = listed.map(({ createdAt }) => createdAt);
    expect(created).toEqual([...created].sort());
    for (const record of listed) expect(record).not.toHaveProperty('secretHash');
  });

  it('stores only the hash of the secret, never the secret or the key', async () => {
    const { key } = await keys.create({ name: 'secret keeper', tenant: 'acme', scopes: ['search'] });
    const parts = parseApiKey(key);
    if (!parts) throw new Error('created key does not parse');
    const stored = await redis.hget(hashKey, parts.id);
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(parts.secret);
    expect(stored).not.toContain(key);
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ secretHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (const value of Object.values(await redis.hgetall(hashKey)))
      expect(value).not.toContain(parts.secret);
  });

  it('refuses invalid input before writing anything', async () => {
    const before = await redis.hlen(hashKey);
    await expect(keys.create({ name: 'x', tenant: 'Acme', scopes: ['search'] })).rejects.toThrow(
      InvalidApiKeyInputError,
    );
    expect(await redis.hlen(hashKey)).toBe(before);
  });
});
