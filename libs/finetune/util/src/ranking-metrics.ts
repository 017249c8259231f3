// nDCG@k and Recall@k as trec_eval (and so pytrec_eval and BEIR) define
// ndcg_cut_k and recall_k, over rankings given in rank order.

/** A query's judgments: document id → judged relevance (0 = judged not relevant). */
export type Judgments = ReadonlyMap<string, number>;

/** trec_eval's default relevance level: a document judged at least this counts as relevant. */
const RELEVANT = 1;

const discount = (rank: number) => Math.log2(rank + 1);

/** The ranking without repeats (a repeat keeps its first rank), cut at k. */
function topK(ranking: readonly string[], k: number): string[] {
  return [...new Set(ranking)].slice(0, k);
}

/**
 * Normalised discounted cumulative gain at k: gain is the judged relevance
 * itself (linear, not 2^rel - 1), discounted by log2(rank + 1); the ideal
 * ranking orders every judged document by relevance. 0 when nothing is relevant.
 */
export function ndcgAt(k: number, ranking: readonly string[], judgments: Judgments): number {
  const dcg = topK(ranking, k).reduce(
    (sum, doc, i) => sum + Math.max(judgments.get(doc) ?? 0, 0) / discount(i + 1),
    0,
  );
  const ideal = [...judgments.values()]
    .filter((relevance) => relevance > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, relevance, i) => sum + relevance / discount(i + 1), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Relevant documents among the first k, over all relevant judged documents. 0 when none is relevant. */
export function recallAt(k: number, ranking: readonly string[], judgments: Judgments): number {
  const relevant = [...judgments.values()].filter((relevance) => relevance >= RELEVANT).length;
  if (relevant === 0) return 0;
  const found = topK(ranking, k).filter((doc) => (judgments.get(doc) ?? 0) >= RELEVANT).length;
  return found / relevant;
}

export type RankingMetric = (ranking: readonly string[], judgments: Judgments) => number;

export interface MeanScore {
  mean: number;
  /** Queries averaged: those with at least one document judged relevant. */
  queries: number;
}

/**
 * A metric averaged over the judged queries that have a relevant document; a
 * judged query missing from `rankings` retrieved nothing and scores 0.
 */
export function meanOverJudgedQueries(
  metric: RankingMetric,
  rankings: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgments>,
): MeanScore {
  let sum = 0;
  let queries = 0;
  for (const [query, judgments] of qrels) {
    if (![...judgments.values()].some((relevance) => relevance > 0)) continue;
    sum += metric(rankings.get(query) ?? [], judgments);
    queries++;
  }
  return { mean: queries === 0 ? 0 : sum / queries, queries };
}
