import type { DatasetPair } from '@tributary/finetune-data-access';
import { normalizeQuery, SeededRandom, type AdapterTrainingExample } from '@tributary/finetune-util';
import type { TrainingChunk } from '@tributary/search-data-access';
import { documentKey, representativeChunk } from './query-vectors';

/** Hard negatives used per example, at most: the in-batch negatives do most of the work. */
export const MAX_HARD_NEGATIVES = 3;

/**
 * Training examples from dataset pairs: each query's base vector, its positive
 * chunk's stored vector, and its negatives' closest chunks. Pairs whose document
 * is no longer indexed are skipped (and counted). `shuffleLabels` pairs each
 * query with another pair's positive: a deliberately useless model, to prove
 * that evaluation refuses what does not help.
 */
export function trainingExamplesOf(
  pairs: readonly DatasetPair[],
  queryVectors: ReadonlyMap<string, number[]>,
  chunks: ReadonlyMap<string, TrainingChunk[]>,
  options: { shuffleLabels: boolean; seed: number },
): { examples: AdapterTrainingExample[]; skipped: number } {
  const examples: AdapterTrainingExample[] = [];
  let skipped = 0;
  for (const pair of pairs) {
    const query = queryVectors.get(pair.query);
    const positive =
      query && representativeChunk(chunks.get(documentKey(pair.positive)), query, pair.positive.chunk);
    if (!query || !positive) {
      skipped++;
      continue;
    }
    const negatives = (pair.negatives ?? [])
      .flatMap((negative) => {
        const chunk = representativeChunk(chunks.get(documentKey(negative)), query);
        return chunk ? [chunk.embedding] : [];
      })
      .slice(0, MAX_HARD_NEGATIVES);
    examples.push({
      query,
      positive: positive.embedding,
      positiveId: documentKey(pair.positive),
      queryId: normalizeQuery(pair.query),
      ...(negatives.length > 0 ? { negatives } : {}),
    });
  }
  return { examples: options.shuffleLabels ? shuffledLabels(examples, options.seed) : examples, skipped };
}

function shuffledLabels(examples: AdapterTrainingExample[], seed: number): AdapterTrainingExample[] {
  // A cycle through a shuffled order: each example takes the next one's positive, so none keeps its own.
  const order = new SeededRandom(seed).shuffle(examples.map((_, i) => i));
  const next = new Map(order.map((index, k) => [index, order[(k + 1) % order.length] ?? index]));
  return examples.map((example, i) => {
    const other = examples[next.get(i) ?? i] ?? example;
    return { query: example.query, positive: other.positive, positiveId: other.positiveId };
  });
}
