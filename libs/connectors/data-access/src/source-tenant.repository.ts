import type { Redis } from 'ioredis';

/** A claim's outcome: every source is the tenant's (free, or already theirs), or the first that is another's. */
export type SourceClaim = { ok: true } | { ok: false; source: string; owner: string };

/** Which tenant owns each source: the first to publish to it. */
export interface SourceTenantStore {
  /** All or nothing: when one source is another tenant's, none of the free ones is claimed. */
  claimAll(sources: readonly string[], tenant: string): Promise<SourceClaim>;
}

// Atomic in Redis: check every source first, then claim the free ones.
const CLAIM_ALL_SCRIPT = `
local tenant = ARGV[1]
for i = 2, #ARGV do
  local owner = redis.call('HGET', KEYS[1], ARGV[i])
  if owner and owner ~= tenant then return {ARGV[i], owner} end
end
for i = 2, #ARGV do redis.call('HSETNX', KEYS[1], ARGV[i], tenant) end
return {}`;

/** Source owners in one Redis hash, source -> tenant. A claim never moves a source to another tenant. */
export class SourceTenantRepository implements SourceTenantStore {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'tributary:source-tenants',
  ) {}

  async claimAll(sources: readonly string[], tenant: string): Promise<SourceClaim> {
    if (sources.length === 0) return { ok: true };
    const reply = (await this.redis.eval(CLAIM_ALL_SCRIPT, 1, this.key, tenant, ...sources)) as string[];
    const [source, owner] = reply;
    return source === undefined || owner === undefined ? { ok: true } : { ok: false, source, owner };
  }
}
