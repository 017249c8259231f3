import type { DatasetPair } from '@tributary/finetune-data-access';
import type { TrainingChunk } from '@tributary/search-data-access';
import { documentKey } from './query-vectors';
import { MAX_HARD_NEGATIVES, trainingExamplesOf } from './training-examples';

const chunk = (docId: string, chunkNo: number, embedding: number[]): TrainingChunk => ({
  source: 'wiki',
  docId,
  chunk: chunkNo,
  title: docId,
  text: `${docId} part ${chunkNo}`,
  embedding,
});

const chunksOf = (...chunks: TrainingChunk[]) => {
  const byDocument = new Map<string, TrainingChunk[]>();
  for (const c of chunks) byDocument.set(documentKey(c), [...(byDocument.get(documentKey(c)) ?? []), c]);
  return byDocument;
};

const pair = (query: string, docId: string, extra: Partial<DatasetPair> = {}): DatasetPair => ({
  query,
  positive: { source: 'wiki', docId },
  grade: 1,
  origin: 'feedback',
  ...extra,
});

const plain = { shuffleLabels: false, seed: 1 };

describe('trainingExamplesOf', () => {
  it("pairs the query's vector with its positive's chunk vector, keyed by the document", () => {
    const { examples, skipped } = trainingExamplesOf(
      [pair('reset password', 'a')],
      new Map([['reset password', [1, 0, 0]]]),
      chunksOf(chunk('a', 0, [0, 1, 0])),
      plain,
    );
    expect(skipped).toBe(0);
    expect(examples).toEqual([
      {
        query: [1, 0, 0],
        positive: [0, 1, 0],
        positiveId: documentKey({ source: 'wiki', docId: 'a' }),
        queryId: 'reset password',
      },
    ]);
  });

  it('uses the chunk a pair names, even when another chunk of the document is closer to the query', () => {
    const { examples } = trainingExamplesOf(
      [pair('q', 'a', { positive: { source: 'wiki', docId: 'a', chunk: 2 }, origin: 'pseudo' })],
      new Map([['q', [1, 0]]]),
      chunksOf(chunk('a', 0, [1, 0]), chunk('a', 2, [0, 1])),
      plain,
    );
    expect(examples.map((example) => example.positive)).toEqual([[0, 1]]);
  });

  it('uses the chunk closest to the query when the pair names none', () => {
    const { examples } = trainingExamplesOf(
      [pair('q', 'a')],
      new Map([['q', [0.6, 0.8]]]),
      chunksOf(chunk('a', 0, [1, 0]), chunk('a', 1, [0, 1]), chunk('a', 2, [-1, 0])),
      plain,
    );
    expect(examples.map((example) => example.positive)).toEqual([[0, 1]]);
  });

  it('skips and counts pairs whose document, named chunk or query vector is missing', () => {
    const { examples, skipped } = trainingExamplesOf(
      [
        pair('kept', 'a'),
        pair('kept', 'gone-from-index'),
        pair('kept', 'a', { positive: { source: 'wiki', docId: 'a', chunk: 9 } }),
        pair('never embedded', 'a'),
      ],
      new Map([['kept', [1, 0]]]),
      chunksOf(chunk('a', 0, [1, 0])),
      plain,
    );
    expect(examples).toHaveLength(1);
    expect(skipped).toBe(3);
  });

  it("takes each negative's closest chunk, drops unindexed negatives and caps them at MAX_HARD_NEGATIVES", () => {
    const negatives = ['n1', 'gone', 'n2', 'n3', 'n4'].map((docId) => ({ source: 'wiki', docId }));
    const { examples } = trainingExamplesOf(
      [pair('q', 'a', { negatives })],
      new Map([['q', [1, 0]]]),
      chunksOf(
        chunk('a', 0, [1, 0]),
        chunk('n1', 0, [0, 1]),
        chunk('n1', 1, [0.9, 0.1]),
        chunk('n2', 0, [0.2, 0.8]),
        chunk('n3', 0, [0.3, 0.7]),
        chunk('n4', 0, [0.4, 0.6]),
      ),
      plain,
    );
    expect(MAX_HARD_NEGATIVES).toBe(3);
    expect(examples[0]?.negatives).toEqual([
      [0.9, 0.1],
      [0.2, 0.8],
      [0.3, 0.7],
    ]);
  });

  it('leaves negatives out of an example that has none indexed', () => {
    const { examples } = trainingExamplesOf(
      [pair('q', 'a', { negatives: [{ source: 'wiki', docId: 'gone' }] })],
      new Map([['q', [1, 0]]]),
      chunksOf(chunk('a', 0, [1, 0])),
      plain,
    );
    expect(examples[0]).not.toHaveProperty('negatives');
  });

  describe('with shuffleLabels', () => {
    const size = 6;
    const pairs = Array.from({ length: size }, (_, i) =>
      pair(`query ${i}`, `doc-${i}`, { negatives: [{ source: 'wiki', docId: 'negative' }] }),
    );
    const oneHot = (i: number) => Array.from({ length: size + 1 }, (_, j) => (j === i ? 1 : 0));
    const queryVectors = new Map(pairs.map((p, i) => [p.query, oneHot(i)]));
    const chunks = chunksOf(
      ...pairs.map((p, i) => chunk(p.positive.docId, 0, oneHot(i))),
      chunk('negative', 0, oneHot(size)),
    );
    const shuffled = (seed: number) =>
      trainingExamplesOf(pairs, queryVectors, chunks, { shuffleLabels: true, seed }).examples;

    it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
      "gives every query another example's positive, each positive used once (seed %i)",
      (seed) => {
        const examples = shuffled(seed);
        expect(examples.map((example) => example.query)).toEqual(pairs.map((_, i) => oneHot(i)));
        examples.forEach((example, i) => {
          expect(example.positiveId).not.toBe(documentKey(pairs[i]!.positive));
          expect(example.positive).toEqual(
            oneHot(pairs.findIndex((p) => documentKey(p.positive) === example.positiveId)),
          );
        });
        expect(new Set(examples.map((example) => example.positiveId)).size).toBe(size);
      },
    );

    it('drops the hard negatives, which belonged to the real positives', () => {
      expect(shuffled(1).every((example) => example.negatives === undefined)).toBe(true);
    });

    it('gives the same pairing for the same seed and another for a different seed', () => {
      const pairing = (seed: number) => shuffled(seed).map((example) => example.positiveId);
      expect(pairing(5)).toEqual(pairing(5));
      expect([2, 3, 4, 6].some((seed) => pairing(seed).join() !== pairing(5).join())).toBe(true);
    });
  });
});
