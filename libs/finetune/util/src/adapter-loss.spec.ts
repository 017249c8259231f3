import { adapterBatchLoss } from './adapter-loss';
import type { AdapterTrainingExample } from './adapter-training-options';
import { packAdapterExamples } from './adapter-training-examples';
import { SeededRandom } from './seeded-random';

const d = 5;
const random = new SeededRandom(123);
const vector = (length = d) => Array.from({ length }, () => random.next() * 2 - 1);
const identity = (size: number) => {
  const weights = new Float64Array(size * size);
  for (let i = 0; i < size; i++) weights[i * size + i] = 1;
  return weights;
};

// Seven pairs: two share a positive document (p-shared), two are one query with two relevant
// documents (q-34), two have hard negatives.
const q34 = vector();
const examples: AdapterTrainingExample[] = [
  { query: vector(), positive: vector(), positiveId: 'p0', negatives: [vector(), vector()] },
  { query: vector(), positive: vector(), positiveId: 'p1' },
  { query: vector(), positive: vector(), positiveId: 'p2', negatives: [vector()] },
  { query: q34, positive: vector(), positiveId: 'p3', queryId: 'q-34' },
  { query: q34, positive: vector(), positiveId: 'p4', queryId: 'q-34' },
];
const shared = vector();
examples.push({ query: vector(), positive: shared, positiveId: 'p-shared' });
examples.push({ query: vector(), positive: shared, positiveId: 'p-shared' });
const data = packAdapterExamples(examples);
const batch = [6, 0, 2, 5, 1, 3, 4];
const settings = { temperature: 0.1, identityPenalty: 0.3 };

describe('adapterBatchLoss', () => {
  it('matches central finite differences in every weight, through the output normalisation', () => {
    // A W well away from I, so the penalty and the normalisation both matter.
    const weights = identity(d).map((value) => value + (random.next() - 0.5) * 0.8);
    const gradient = new Float64Array(d * d);
    adapterBatchLoss(weights, data, batch, settings, gradient);
    const h = 1e-6;
    for (let i = 0; i < d * d; i++) {
      const plus = Float64Array.from(weights);
      const minus = Float64Array.from(weights);
      plus[i]! += h;
      minus[i]! -= h;
      const numeric =
        (adapterBatchLoss(plus, data, batch, settings) - adapterBatchLoss(minus, data, batch, settings)) /
        (2 * h);
      expect(Math.abs(gradient[i]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('is scale-free in W: W and 3W give the same data loss (it scores cosines)', () => {
    const weights = identity(d).map((value) => value + (random.next() - 0.5) * 0.5);
    const noPenalty = { ...settings, identityPenalty: 0 };
    const tripled = weights.map((value) => value * 3);
    expect(adapterBatchLoss(tripled, data, batch, noPenalty)).toBeCloseTo(
      adapterBatchLoss(weights, data, batch, noPenalty),
      10,
    );
  });

  it("does not count another relevant document of the same query as that query's negative", () => {
    const weights = identity(d);
    const noPenalty = { ...settings, identityPenalty: 0 };
    const unmasked = packAdapterExamples(examples.map(({ queryId: _queryId, ...example }) => example));
    // Pair 3's loss no longer has pair 4's positive in its denominator (nor 4's, 3's): lower, never higher.
    expect(adapterBatchLoss(weights, data, [3, 4], noPenalty)).toBeLessThan(
      adapterBatchLoss(weights, unmasked, [3, 4], noPenalty),
    );
    // With only the two of them in the batch, each one's only candidate is its own positive: no loss at all.
    expect(adapterBatchLoss(weights, data, [3, 4], noPenalty)).toBeCloseTo(0, 12);
  });

  it('adds λ‖W − I‖²_F', () => {
    const weights = identity(d);
    weights[1] = 2; // ‖W − I‖² = 4
    const without = adapterBatchLoss(weights, data, batch, { ...settings, identityPenalty: 0 });
    expect(adapterBatchLoss(weights, data, batch, settings)).toBeCloseTo(without + 0.3 * 4, 10);
  });

  it('is the softmax cross-entropy of cos/τ over in-batch positives, computed by hand for two pairs', () => {
    const two = packAdapterExamples([
      { query: [1, 0], positive: [1, 0], positiveId: 'a' },
      { query: [0, 1], positive: [0.6, 0.8], positiveId: 'b' },
    ]);
    const tau = 0.5;
    // Pair 0: own cos 1, other 0.6. Pair 1: own cos 0.8, other 0.
    const expected =
      (Math.log(Math.exp(1 / tau) + Math.exp(0.6 / tau)) -
        1 / tau +
        Math.log(Math.exp(0) + Math.exp(0.8 / tau)) -
        0.8 / tau) /
      2;
    expect(adapterBatchLoss(identity(2), two, [0, 1], { temperature: tau, identityPenalty: 1 })).toBeCloseTo(
      expected,
      12,
    );
  });

  it('does not count a pair sharing the positive document as a negative', () => {
    const pairs = (secondId: string) =>
      packAdapterExamples([
        { query: [1, 0, 0], positive: [0, 1, 0], positiveId: 'doc' },
        { query: [0, 0, 1], positive: [0, 1, 0], positiveId: secondId },
      ]);
    const loss = (secondId: string) =>
      adapterBatchLoss(identity(3), pairs(secondId), [0, 1], { temperature: 0.1, identityPenalty: 0 });
    // Sharing the id, each pair's only candidate is its own positive: nothing to contrast, loss 0.
    expect(loss('doc')).toBe(0);
    // As different documents with the same vector, each positive is also the other's negative: log 2.
    expect(loss('other')).toBeCloseTo(Math.log(2), 12);
  });

  it("counts an example's hard negatives against it", () => {
    const pack = (negatives: number[][]) =>
      packAdapterExamples([{ query: [1, 0], positive: [1, 0], positiveId: 'a', negatives }]);
    const settingsNoPenalty = { temperature: 1, identityPenalty: 0 };
    expect(adapterBatchLoss(identity(2), pack([]), [0], settingsNoPenalty)).toBe(0);
    expect(adapterBatchLoss(identity(2), pack([[0, 1]]), [0], settingsNoPenalty)).toBeCloseTo(
      Math.log(Math.E + 1) - 1,
      12,
    );
  });
});
