import { byScoreThenId, type FusedItem, type ScoredList } from './fused-item';

export type Normalization = 'minmax' | 'zscore';

/**
 * Normalized linear fusion: each list's scores are normalized over the list
 * (min-max to [0, 1], or z-score), then score(d) = sum of weight × normalized.
 * An id a list did not return is never better than the list's last: it counts
 * 0 under min-max and one deviation below the lowest z-score under z-score.
 */
export function linearFusion(
  lists: readonly ScoredList[],
  normalization: Normalization,
  weights: Readonly<Record<string, number>>,
): FusedItem[] {
  for (const weight of Object.values(weights))
    if (!(weight >= 0)) throw new RangeError('fusion weights must be non-negative');
  const fused = new Map<string, FusedItem>();
  const floors = new Map<string, number>();
  for (const { retriever, items } of lists) {
    const normalized = normalize(
      items.map((item) => item.score),
      normalization,
    );
    floors.set(retriever, absentScore(normalized, normalization));
    items.forEach(({ id }, index) => {
      const item = fused.get(id) ?? { id, score: 0, ranks: {}, components: {} };
      if (item.ranks[retriever] !== undefined) return;
      item.ranks[retriever] = index + 1;
      item.components[retriever] = normalized[index] ?? 0;
      fused.set(id, item);
    });
  }
  for (const item of fused.values()) {
    for (const { retriever } of lists) {
      item.components[retriever] ??= floors.get(retriever) ?? 0;
      item.score += (weights[retriever] ?? 0) * (item.components[retriever] ?? 0);
    }
  }
  return [...fused.values()].sort(byScoreThenId);
}

function absentScore(normalized: readonly number[], normalization: Normalization): number {
  switch (normalization) {
    case 'minmax':
      return 0;
    case 'zscore':
      return (normalized.length > 0 ? Math.min(...normalized) : 0) - 1;
  }
}

/** Scores of one list normalized; a list of equal scores normalizes to all 1 (min-max) or all 0 (z-score). */
export function normalize(scores: readonly number[], normalization: Normalization): number[] {
  if (scores.length === 0) return [];
  switch (normalization) {
    case 'minmax': {
      const min = Math.min(...scores);
      const range = Math.max(...scores) - min;
      return scores.map((score) => (range > 0 ? (score - min) / range : 1));
    }
    case 'zscore': {
      const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
      const variance = scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / scores.length;
      const deviation = Math.sqrt(variance);
      return scores.map((score) => (deviation > 0 ? (score - mean) / deviation : 0));
    }
  }
}
