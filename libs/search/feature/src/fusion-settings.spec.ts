import { resolveFusion } from './fusion-settings';

describe('resolveFusion', () => {
  it('defaults to RRF with the gateway’s k', () => {
    expect(resolveFusion(undefined, undefined)).toEqual({ method: 'rrf', k: 60 });
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
