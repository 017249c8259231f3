import type { ApiKeyRecord } from '@tributary/contracts';
import { hashSecret } from './api-key.format';

/** Whatever checks a presented key: the repository, or the cache in front of it. */
export interface ApiKeyVerifier {
  verify(presented: string): Promise<ApiKeyRecord | undefined>;
}

export interface VerifiedApiKeyCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Keys that verified, remembered for a few seconds so most requests skip the
 * Redis round trip. The price: a key revoked meanwhile keeps working on this
 * process until its entry expires. Failures are never remembered, so a key
 * created a moment ago works at once and a flood of bad keys takes no room.
 */
export class VerifiedApiKeyCache implements ApiKeyVerifier {
  // Keyed by the sha256 of the whole presented key: no secret is held, and a
  // wrong secret for a cached id misses. Every entry lives ttlMs, so insertion
  // order is expiry order and the first entry is always the one to evict.
  private readonly entries = new Map<string, { record: ApiKeyRecord; expiresAt: number }>();
  private readonly now: () => number;

  constructor(
    private readonly keys: ApiKeyVerifier,
    private readonly options: VerifiedApiKeyCacheOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    const cacheKey = hashSecret(presented);
    const cached = this.entries.get(cacheKey);
    if (cached && cached.expiresAt > this.now()) return cached.record;
    this.entries.delete(cacheKey);
    const record = await this.keys.verify(presented);
    if (!record) return undefined;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(cacheKey, { record, expiresAt: this.now() + this.options.ttlMs });
    return record;
  }
}
