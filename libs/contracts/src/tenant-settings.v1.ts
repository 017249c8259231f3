import { z } from 'zod';
import { fusionV1Schema } from './search.v1';

/** Per-tenant search defaults an operator sets with `tributary tenants set`. */
export const tenantSettingsV1Schema = z.strictObject({
  /** The fusion a hybrid search uses when the request names none (or fills its gaps). */
  fusion: fusionV1Schema.optional(),
});

export type TenantSettingsV1 = z.infer<typeof tenantSettingsV1Schema>;
