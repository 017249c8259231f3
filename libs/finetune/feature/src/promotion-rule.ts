import type { RetrievalScoresV1 } from '@tributary/contracts';

export type SetScores = Record<string, { candidate: RetrievalScoresV1; champion: RetrievalScoresV1 }>;

/**
 * A candidate goes live only when its nDCG@10 beats the champion's by at least
 * the margin on every evaluated set; a set with no judged queries proves nothing
 * and so blocks promotion.
 */
export function decidePromotion(scores: SetScores, margin: number): { promote: boolean; reason: string } {
  const sets = Object.entries(scores);
  if (sets.length === 0) return { promote: false, reason: 'no evaluation set' };
  const verdicts = sets.map(([name, { candidate, champion }]) => {
    const gain = candidate.ndcg10 - champion.ndcg10;
    // A gain equal to the margin passes, whatever the floating-point rounding of the subtraction.
    const passed = candidate.queries > 0 && gain >= margin - 1e-12;
    const detail = `${name}: nDCG@10 ${champion.ndcg10.toFixed(4)} → ${candidate.ndcg10.toFixed(4)} (${gain >= 0 ? '+' : ''}${gain.toFixed(4)}, needs +${margin}; ${candidate.queries} queries)`;
    return { passed, detail };
  });
  const promote = verdicts.every((verdict) => verdict.passed);
  return {
    promote,
    reason: `${promote ? 'beats' : 'does not beat'} the champion; ${verdicts.map((v) => v.detail).join('; ')}`,
  };
}
