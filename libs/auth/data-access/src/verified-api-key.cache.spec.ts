import type { ApiKeyRecord } from '@tributary/contracts';
import { VerifiedApiKeyCache, type ApiKeyVerifier } from './verified-api-key.cache';

const record = (id: string): ApiKeyRecord => ({
  id,
  name: id,
  tenant: 'acme',
  scopes: ['search'],
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A repository whose keys are "good-<id>"; it counts every lookup. */
class CountingVerifier implements ApiKeyVerifier {
  calls = 0;
  revoked = new Set<string>();
  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    this.calls++;
    const id = /^good-(\w+)$/.exec(presented)?.[1];
    return id && !this.revoked.has(id) ? record(id) : undefined;
  }
}

describe('VerifiedApiKeyCache', () => {
  let keys: CountingVerifier;
  let now: number;
  let cache: VerifiedApiKeyCache;

  beforeEach(() => {
    keys = new CountingVerifier();
    now = 1_000_000;
    cache = new VerifiedApiKeyCache(keys, { ttlMs: 5000, maxEntries: 3, now: () => now });
  });

  it('answers a key that verified from memory for ttlMs, then asks the repository again', async () => {
    expect(await cache.verify('good-a')).toEqual(record('a'));
    now += 4999;
    expect(await cache.verify('good-a')).toEqual(record('a'));
    expect(keys.calls).toBe(1);
    now += 1;
    await cache.verify('good-a');
    expect(keys.calls).toBe(2);
  });

  it('stops accepting a revoked key once its entry expires', async () => {
    await cache.verify('good-a');
    keys.revoked.add('a');
    expect(await cache.verify('good-a')).toBeDefined();
    now += 5000;
    expect(await cache.verify('good-a')).toBeUndefined();
  });

  it('never remembers a key that failed: each attempt asks the repository', async () => {
    expect(await cache.verify('bad')).toBeUndefined();
    expect(await cache.verify('bad')).toBeUndefined();
    expect(keys.calls).toBe(2);
  });

  it('misses for another text than the one that verified (a wrong secret for a cached id)', async () => {
    await cache.verify('good-a');
    expect(await cache.verify('good-a ')).toBeUndefined();
    expect(keys.calls).toBe(2);
  });

  it('holds at most maxEntries keys, evicting the oldest', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await cache.verify(`good-${id}`);
    expect(keys.calls).toBe(4);
    await cache.verify('good-d');
    await cache.verify('good-b');
    expect(keys.calls).toBe(4);
    await cache.verify('good-a');
    expect(keys.calls).toBe(5);
  });
});
