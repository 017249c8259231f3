// A BEIR split's judgments replayed as users' feedback: each query searched
// through the gateway (so it is in the query log), each judged document labelled
// with its grade, as if the user had rated the hit.
import { RELEVANCE_GRADE_MAX, SEARCH_LIMITS } from '@tributary/contracts';
import type { TributaryClient } from '@tributary/gateway-client';
import type { BeirQuery } from '../relevance/beir-dataset';
import { docIdOf } from '../relevance/dataset-ingest';
import type { Judgments } from '@tributary/finetune-util';

const IN_FLIGHT = 4;

export async function replayAsFeedback(
  client: TributaryClient,
  source: string,
  queries: readonly BeirQuery[],
  qrels: ReadonlyMap<string, Judgments>,
): Promise<{ queries: number; labels: number }> {
  let labels = 0;
  const pending = queries.values();
  const worker = async () => {
    for (const query of pending) {
      const { queryId } = await client.search({
        query: query.text.slice(0, SEARCH_LIMITS.queryMaxLength),
        mode: 'hybrid',
        topK: 10,
        filter: { source },
      });
      for (const [corpusId, grade] of qrels.get(query.id) ?? []) {
        const label = Math.min(Math.max(Math.round(grade), 0), RELEVANCE_GRADE_MAX);
        await client.feedback({ queryId, source, docId: docIdOf(corpusId), label });
        labels++;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { queries: queries.length, labels };
}
