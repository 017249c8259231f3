import type { Redis } from 'ioredis';

/** A claim's outcome: the source is the tenant's (it was free, or already theirs), or another tenant's. */
export type SourceClaim = { ok: true } | { ok: false; owner: string };

/** Which tenant owns each source: the first to publish to it. */
export interface SourceTenantStore {
  claim(source: string, tenant: string): Promise<SourceClaim>;
}

/** Source owners in one Redis hash, source -> tenant. A claim never moves a source to another tenant. */
export class SourceTenantRepository implements SourceTenantStore {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'tributary:source-tenants',
  ) {}

  async claim(source: string, tenant: string): Promise<SourceClaim> {
    // One transaction: set if absent, then read the owner that is there now (ours or the earlier claimant's).
    const replies = await this.redis.multi().hsetnx(this.key, source, tenant).hget(this.key, source).exec();
    const [error, owner] = replies?.[1] ?? [new Error('the Redis transaction was discarded'), null];
    if (error) throw error;
    if (typeof owner !== 'string') throw new Error(`source "${source}" has no owner right after its claim`);
    return owner === tenant ? { ok: true } : { ok: false, owner };
  }
}
