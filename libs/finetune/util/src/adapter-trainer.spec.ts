import { trainQueryAdapter } from './adapter-trainer';
import type { AdapterTrainingExample, AdapterTrainingResult } from './adapter-training-options';
import { AdapterTrainingCancelledError, AdapterTrainingInputError } from './adapter-training.errors';
import { QueryAdapter } from './query-adapter';
import { SeededRandom } from './seeded-random';

const d = 16;
const random = new SeededRandom(2024);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
const unit = (vector: number[]) => {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
};
const cosine = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * b[i]!, 0);

// Queries are their document seen through a fixed random distortion (I + A), plus noise:
// the identity retrieves them poorly, a learnt W can undo most of the distortion.
const distortion = Array.from({ length: d * d }, () => (1.5 * gaussian()) / Math.sqrt(d));
const distort = (vector: readonly number[]) =>
  vector.map(
    (value, row) => value + vector.reduce((sum, x, column) => sum + distortion[row * d + column]! * x, 0),
  );
const pair = (id: string): AdapterTrainingExample => {
  const positive = unit(Array.from({ length: d }, gaussian));
  const query = unit(distort(positive).map((value) => value + 0.1 * gaussian()));
  return { query, positive, positiveId: id };
};
const train = Array.from({ length: 400 }, (_, i) => pair(`t${i}`));
const holdout = Array.from({ length: 100 }, (_, i) => pair(`h${i}`));
const options = { epochs: 8, batchSize: 32, learningRate: 0.01, identityPenalty: 0.001, seed: 7 };

/** Share of holdout queries whose own document ranks first among all holdout documents. */
const recallAt1 = (adapter: QueryAdapter) =>
  holdout.filter((example, i) => {
    const query = adapter.apply(example.query);
    const scores = holdout.map((other) => cosine(query, other.positive));
    return scores.indexOf(Math.max(...scores)) === i;
  }).length / holdout.length;

describe('trainQueryAdapter', () => {
  let result: AdapterTrainingResult;
  beforeAll(async () => {
    result = await trainQueryAdapter(train, options);
  });

  it('learns a W that retrieves held-out queries better than the identity', () => {
    const before = recallAt1(QueryAdapter.identity(d));
    const after = recallAt1(result.adapter);
    // Measured: 0.47 before, 0.96 after.
    expect(before).toBeLessThan(0.6);
    expect(after).toBeGreaterThan(0.85);
  });

  it('lowers the training loss from the first epoch to the last', () => {
    expect(result.epochLosses).toHaveLength(8);
    expect(result.epochLosses.at(-1)!).toBeLessThan(result.epochLosses[0]! / 4);
  });

  it('reports steps and examples: ceil(400 / 32) = 13 batches per epoch', () => {
    expect(result.steps).toBe(8 * 13);
    expect(result.examples).toBe(400);
    expect(result.adapter.dimensions).toBe(d);
  });

  it('gives the same weights for the same seed and different ones for another seed', async () => {
    const short = { ...options, epochs: 2 };
    const first = (await trainQueryAdapter(train, short)).adapter.checksum();
    expect((await trainQueryAdapter(train, short)).adapter.checksum()).toBe(first);
    expect((await trainQueryAdapter(train, { ...short, seed: 8 })).adapter.checksum()).not.toBe(first);
  });

  it('stays nearer the identity with a larger identity penalty', async () => {
    const distance = (adapter: QueryAdapter) =>
      Math.hypot(...Array.from(adapter.weights, (w, i) => w - (i % (d + 1) === 0 ? 1 : 0)));
    const short = { ...options, epochs: 2 };
    const loose = (await trainQueryAdapter(train, { ...short, identityPenalty: 0 })).adapter;
    const tight = (await trainQueryAdapter(train, { ...short, identityPenalty: 10 })).adapter;
    expect(distance(tight)).toBeLessThan(distance(loose) / 2);
  });

  it('calls onEpoch once per epoch, 1-based, with that epoch’s mean loss', async () => {
    const calls: [number, number][] = [];
    const run = await trainQueryAdapter(train.slice(0, 64), {
      ...options,
      epochs: 3,
      onEpoch: (epoch, loss) => calls.push([epoch, loss]),
    });
    expect(calls).toEqual(run.epochLosses.map((loss, i) => [i + 1, loss]));
  });

  it('stops between batches when shouldStop says so, with no adapter', async () => {
    let asked = 0;
    const run = () => trainQueryAdapter(train, { ...options, shouldStop: () => ++asked > 15 });
    await expect(run()).rejects.toThrow(AdapterTrainingCancelledError);
    // Asked before each of 13 first-epoch batches, then 2 more in epoch 2 before the 16th said stop.
    expect(asked).toBe(16);
    asked = 0;
    await expect(run()).rejects.toThrow(expect.objectContaining({ epoch: 2, steps: 15 }));
  });

  it('rejects unusable input with AdapterTrainingInputError', async () => {
    const good = train[0]!;
    const bad = (examples: AdapterTrainingExample[]) => trainQueryAdapter(examples, options);
    await expect(bad([])).rejects.toThrow(new AdapterTrainingInputError('no training examples'));
    await expect(bad([good, { ...good, positive: good.positive.slice(1) }])).rejects.toThrow(
      /example 1: positive has 15 dimensions/,
    );
    await expect(bad([{ ...good, negatives: [[...good.query.slice(1), Number.NaN]] }])).rejects.toThrow(
      /example 0: negative 0 holds a non-finite value at index 15/,
    );
    await expect(trainQueryAdapter(train, { ...options, temperature: 0 })).rejects.toThrow(
      AdapterTrainingInputError,
    );
  });
});
