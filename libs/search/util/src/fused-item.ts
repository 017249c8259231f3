/** One retriever's ranking: ids best first. */
export interface RankedList {
  retriever: string;
  ids: readonly string[];
}

/** One retriever's ranking with its raw scores, best first. */
export interface ScoredList {
  retriever: string;
  items: ReadonlyArray<{ id: string; score: number }>;
}

export interface FusedItem {
  id: string;
  score: number;
  /** 1-based rank of the id in each retriever that returned it. */
  ranks: Record<string, number>;
  /**
   * What each retriever added before weighting: 1 / (k + rank) for RRF, the
   * normalized score for linear fusion.
   */
  components: Record<string, number>;
}

/** Best score first; ties break by id so repeated calls agree. */
export function byScoreThenId(a: FusedItem, b: FusedItem): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
