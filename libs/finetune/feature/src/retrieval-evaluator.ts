import type { RetrievalScoresV1 } from '@tributary/contracts';
import { meanOverJudgedQueries, ndcgAt, recallAt } from '@tributary/finetune-util';

/** A judged query: its vector under the base model and its documents' grades by `${source}\u0000${docId}`. */
export interface JudgedQuery {
  query: string;
  vector: readonly number[];
  judgments: ReadonlyMap<string, number>;
}

/** Vector retrieval as the gateway does it: document keys in rank order. */
export interface VectorRanker {
  rank(vector: number[], size: number): Promise<string[]>;
}

/** Documents ranked per query: Recall@100 needs a hundred. */
export const EVALUATION_DEPTH = 100;
const IN_FLIGHT = 4;

/**
 * nDCG@10 and Recall@10/100 of one query mapping (a candidate adapter, the
 * champion, or none) over judged queries, retrieving from the live index.
 */
export async function scoreRetrieval(
  queries: readonly JudgedQuery[],
  ranker: VectorRanker,
  mapQuery: (vector: readonly number[]) => number[],
): Promise<RetrievalScoresV1> {
  const rankings = new Map<string, string[]>();
  const qrels = new Map<string, ReadonlyMap<string, number>>();
  for (let start = 0; start < queries.length; start += IN_FLIGHT) {
    const batch = queries.slice(start, start + IN_FLIGHT);
    const ranked = await Promise.all(
      batch.map((query) => ranker.rank(mapQuery(query.vector), EVALUATION_DEPTH)),
    );
    batch.forEach((query, offset) => {
      const key = String(start + offset);
      rankings.set(key, ranked[offset] ?? []);
      qrels.set(key, query.judgments);
    });
  }
  const ndcg10 = meanOverJudgedQueries((ranking, judged) => ndcgAt(10, ranking, judged), rankings, qrels);
  const recall10 = meanOverJudgedQueries((ranking, judged) => recallAt(10, ranking, judged), rankings, qrels);
  const recall100 = meanOverJudgedQueries(
    (ranking, judged) => recallAt(100, ranking, judged),
    rankings,
    qrels,
  );
  return { ndcg10: ndcg10.mean, recall10: recall10.mean, recall100: recall100.mean, queries: ndcg10.queries };
}
