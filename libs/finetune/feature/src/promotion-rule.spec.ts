import type { RetrievalScoresV1 } from '@tributary/contracts';
import { decidePromotion } from './promotion-rule';

const scores = (ndcg10: number, queries = 20): RetrievalScoresV1 => ({
  ndcg10,
  recall10: ndcg10,
  recall100: ndcg10,
  queries,
});

describe('decidePromotion', () => {
  it('promotes a candidate that gains at least the margin on every set', () => {
    const decision = decidePromotion(
      {
        holdout: { champion: scores(0.5), candidate: scores(0.6) },
        golden: { champion: scores(0.7), candidate: scores(0.71) },
      },
      0.01,
    );
    expect(decision.promote).toBe(true);
    expect(decision.reason).toMatch(/^beats the champion/);
  });

  it('refuses a candidate that falls short of the margin on one set while winning big on another', () => {
    const decision = decidePromotion(
      {
        holdout: { champion: scores(0.5), candidate: scores(0.9) },
        golden: { champion: scores(0.7), candidate: scores(0.704) },
      },
      0.005,
    );
    expect(decision.promote).toBe(false);
    expect(decision.reason).toMatch(/^does not beat the champion/);
  });

  it('refuses a candidate that scores worse than the champion', () => {
    expect(decidePromotion({ holdout: { champion: scores(0.5), candidate: scores(0.4) } }, 0).promote).toBe(
      false,
    );
  });

  it('accepts a gain exactly at a zero margin', () => {
    expect(decidePromotion({ holdout: { champion: scores(0.5), candidate: scores(0.5) } }, 0).promote).toBe(
      true,
    );
  });

  it('blocks promotion when a set has no judged queries, however well the others did', () => {
    const decision = decidePromotion(
      {
        holdout: { champion: scores(0, 0), candidate: scores(1, 0) },
        golden: { champion: scores(0.2), candidate: scores(0.9) },
      },
      0.005,
    );
    expect(decision.promote).toBe(false);
    expect(decision.reason).toContain('holdout: nDCG@10 0.0000 → 1.0000 (+1.0000, needs +0.005; 0 queries)');
  });

  it('refuses when there is no evaluation set at all', () => {
    expect(decidePromotion({}, 0)).toEqual({ promote: false, reason: 'no evaluation set' });
  });

  it('names every set with its scores, signed gain, margin and query count in the reason', () => {
    const { reason } = decidePromotion(
      {
        holdout: { champion: scores(0.5, 12), candidate: scores(0.55, 12) },
        golden: { champion: scores(0.8, 7), candidate: scores(0.75, 7) },
      },
      0.01,
    );
    expect(reason).toContain('holdout: nDCG@10 0.5000 → 0.5500 (+0.0500, needs +0.01; 12 queries)');
    expect(reason).toContain('golden: nDCG@10 0.8000 → 0.7500 (-0.0500, needs +0.01; 7 queries)');
  });
});
