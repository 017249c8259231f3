import { dotAt } from '@tributary/finetune-util';
import type { TrainingChunk } from '@tributary/search-data-access';

/** Queries embedded per round: the local provider batches concurrent calls, so a round fills its batches. */
const ROUND = 64;

/** Each distinct query's vector under the base model, by query text. */
export async function embedQueries(
  queries: Iterable<string>,
  embedQuery: (text: string) => Promise<number[]>,
): Promise<Map<string, number[]>> {
  const distinct = [...new Set(queries)];
  const vectors = new Map<string, number[]>();
  for (let start = 0; start < distinct.length; start += ROUND) {
    const round = distinct.slice(start, start + ROUND);
    const embedded = await Promise.all(round.map((query) => embedQuery(query)));
    round.forEach((query, offset) => vectors.set(query, embedded[offset] ?? []));
  }
  return vectors;
}

export const documentKey = (doc: { source: string; docId: string }) => `${doc.source}\u0000${doc.docId}`;

/**
 * The chunk that stands for a document against a query: the one named, else
 * the one the base model finds closest (a long document's other chunks are
 * about something else, and would teach the adapter noise).
 */
export function representativeChunk(
  chunks: readonly TrainingChunk[] | undefined,
  query: readonly number[],
  chunk?: number,
): TrainingChunk | undefined {
  if (!chunks || chunks.length === 0) return undefined;
  if (chunk !== undefined) return chunks.find((candidate) => candidate.chunk === chunk);
  let best = chunks[0];
  let bestScore = -Infinity;
  for (const candidate of chunks) {
    const score = dotAt(candidate.embedding, 0, query, 0, query.length);
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}
