import type { FusionV1, ResolvedFusion } from '@tributary/contracts';

export interface FusionDefaults {
  rrfK: number;
  linear: Extract<ResolvedFusion, { method: 'linear' }>;
}

export const DEFAULT_FUSION: FusionDefaults = {
  rrfK: 60,
  linear: { method: 'linear', normalization: 'minmax', weights: { bm25: 0.5, vector: 0.5 } },
};

/**
 * The fusion a hybrid search runs with: the request's, its missing parameters
 * taken from the tenant's default when that uses the same method, then from the
 * gateway's; with no fusion in the request, the tenant's default, else RRF.
 */
export function resolveFusion(
  requested: FusionV1 | undefined,
  tenantDefault: FusionV1 | undefined,
  defaults: FusionDefaults = DEFAULT_FUSION,
): ResolvedFusion {
  const chosen = requested ?? tenantDefault ?? { method: 'rrf' };
  const base = tenantDefault?.method === chosen.method ? tenantDefault : undefined;
  switch (chosen.method) {
    case 'rrf': {
      const baseK = base?.method === 'rrf' ? base.k : undefined;
      return { method: 'rrf', k: chosen.k ?? baseK ?? defaults.rrfK };
    }
    case 'linear': {
      const baseLinear = base?.method === 'linear' ? base : undefined;
      return {
        method: 'linear',
        normalization: chosen.normalization ?? baseLinear?.normalization ?? defaults.linear.normalization,
        weights: chosen.weights ?? baseLinear?.weights ?? defaults.linear.weights,
      };
    }
  }
}
