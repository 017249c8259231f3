import type { Redis } from 'ioredis';
import { tenantSettingsV1Schema, type TenantSettingsV1 } from '@tributary/contracts';

/** Per-tenant settings in one Redis hash: tenant -> JSON. */
export class TenantSettingsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'tributary:tenant-settings',
  ) {}

  /** The tenant's settings; empty when none are set or the stored value no longer parses. */
  async get(tenant: string): Promise<TenantSettingsV1> {
    return parseSettings(await this.redis.hget(this.key, tenant));
  }

  async set(tenant: string, settings: TenantSettingsV1): Promise<void> {
    await this.redis.hset(this.key, tenant, JSON.stringify(tenantSettingsV1Schema.parse(settings)));
  }

  async list(): Promise<Array<{ tenant: string; settings: TenantSettingsV1 }>> {
    const all = await this.redis.hgetall(this.key);
    return Object.keys(all)
      .sort()
      .map((tenant) => ({ tenant, settings: parseSettings(all[tenant] ?? null) }));
  }
}

function parseSettings(json: string | null): TenantSettingsV1 {
  if (json === null) return {};
  try {
    const parsed = tenantSettingsV1Schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
