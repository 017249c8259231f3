import type { TenantSettingsRepository } from '@tributary/auth-data-access';
import type { FusionV1 } from '@tributary/contracts';

/** How long a tenant's defaults are reused before Redis is asked again. */
export const TENANT_SETTINGS_TTL_MS = 5_000;

/** Tenants' default fusion, cached briefly: a change made with `tributary tenants set` applies within 5 s. */
export class TenantFusionDefaults {
  private readonly cache = new Map<string, { fusion: FusionV1 | undefined; until: number }>();

  constructor(
    private readonly settings: Pick<TenantSettingsRepository, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  async fusionFor(tenant: string): Promise<FusionV1 | undefined> {
    const cached = this.cache.get(tenant);
    if (cached && cached.until > this.now()) return cached.fusion;
    const { fusion } = await this.settings.get(tenant);
    this.cache.set(tenant, { fusion, until: this.now() + TENANT_SETTINGS_TTL_MS });
    return fusion;
  }
}
