import { DEFAULT_FUSION, resolveFusion } from './fusion-settings';

describe('resolveFusion', () => {
  it('defaults to the measured fusion: z-score linear, weighted 0.3 / 0.7 towards the vector side', () => {
    expect(resolveFusion(undefined, undefined)).toEqual({
      method: 'linear',
      normalization: 'zscore',
      weights: { bm25: 0.3, vector: 0.7 },
    });
  });

  it('gives RRF asked for without k the gateway’s k, and follows a gateway whose default is RRF', () => {
    expect(resolveFusion({ method: 'rrf' }, undefined)).toEqual({ method: 'rrf', k: 60 });
    const rrfGateway = { ...DEFAULT_FUSION, method: 'rrf' as const, rrfK: 20 };
    expect(resolveFusion(undefined, undefined, rrfGateway)).toEqual({ method: 'rrf', k: 20 });
  });

  it('uses the tenant default when the request names no fusion, and fills the request’s gaps from it', () => {
    const tenant = {
      method: 'linear',
      normalization: 'zscore',
      weights: { bm25: 0.2, vector: 0.8 },
    } as const;
    expect(resolveFusion(undefined, tenant)).toEqual(tenant);
    expect(resolveFusion({ method: 'linear', normalization: 'minmax' }, tenant)).toEqual({
      method: 'linear',
      normalization: 'minmax',
      weights: { bm25: 0.2, vector: 0.8 },
    });
    expect(resolveFusion({ method: 'rrf' }, tenant)).toEqual({ method: 'rrf', k: 60 });
    expect(resolveFusion({ method: 'rrf' }, { method: 'rrf', k: 5 })).toEqual({ method: 'rrf', k: 5 });
  });
});
