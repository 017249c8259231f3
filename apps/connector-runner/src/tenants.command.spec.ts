import { UsageError } from './connector.factory';
import { fusionFrom } from './tenants.command';

describe('tenants set flags', () => {
  it('builds RRF and linear fusions from flags', () => {
    expect(fusionFrom({ fusion: 'rrf', k: 20 })).toEqual({ method: 'rrf', k: 20 });
    expect(
      fusionFrom({ fusion: 'linear', normalization: 'zscore', bm25Weight: 0.3, vectorWeight: 0.7 }),
    ).toEqual({
      method: 'linear',
      normalization: 'zscore',
      weights: { bm25: 0.3, vector: 0.7 },
    });
  });

  it('refuses unknown methods, bad normalizations and all-zero weights as usage errors', () => {
    expect(() => fusionFrom({ fusion: 'borda' })).toThrow(UsageError);
    expect(() => fusionFrom({ fusion: 'linear', normalization: 'max' })).toThrow(UsageError);
    expect(() => fusionFrom({ fusion: 'linear', bm25Weight: 0, vectorWeight: 0 })).toThrow('positive');
    expect(() => fusionFrom({ fusion: 'rrf', k: 0 })).toThrow(UsageError);
  });
});
