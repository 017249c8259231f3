import { byScoreThenId, type FusedItem, type RankedList } from './fused-item';

export const DEFAULT_RRF_K = 60;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): score(d) = sum over lists of
 * 1 / (k + rank). Ties break by id so the order is stable across calls.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = DEFAULT_RRF_K): FusedItem[] {
  if (!(k > 0)) throw new RangeError('RRF k must be positive');
  const fused = new Map<string, FusedItem>();
  for (const { retriever, ids } of lists) {
    ids.forEach((id, index) => {
      const item = fused.get(id) ?? { id, score: 0, ranks: {}, components: {} };
      if (item.ranks[retriever] !== undefined) return; // a retriever counts each id once, at its best rank
      const component = 1 / (k + index + 1);
      item.ranks[retriever] = index + 1;
      item.components[retriever] = component;
      item.score += component;
      fused.set(id, item);
    });
  }
  return [...fused.values()].sort(byScoreThenId);
}
