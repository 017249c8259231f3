import { packAdapterExamples } from './adapter-training-examples';
import { AdapterTrainingInputError } from './adapter-training.errors';

describe('packAdapterExamples', () => {
  const packed = packAdapterExamples([
    { query: [3, 4], positive: [0, 2], positiveId: 'a', negatives: [[1, 0]] },
    { query: [1, 0], positive: [0, 2], positiveId: 'b' },
    {
      query: [0, 1],
      positive: [1, 1],
      positiveId: 'a',
      negatives: [
        [0, -5],
        [2, 0],
      ],
    },
  ]);

  it('packs unit-length rows, normalising inputs that drifted from unit length', () => {
    expect(packed.dimensions).toBe(2);
    expect(packed.count).toBe(3);
    expect(Array.from(packed.queries)).toEqual([0.6, 0.8, 1, 0, 0, 1]);
    expect(Array.from(packed.positives.subarray(0, 2))).toEqual([0, 1]);
    expect(packed.positives[4]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('gives equal keys exactly to equal positive ids', () => {
    expect(packed.positiveKeys[0]).toBe(packed.positiveKeys[2]);
    expect(packed.positiveKeys[0]).not.toBe(packed.positiveKeys[1]);
  });

  it('lays each example’s negatives out contiguously, with offsets', () => {
    expect(Array.from(packed.negativeStart)).toEqual([0, 1, 1, 3]);
    expect(Array.from(packed.negatives)).toEqual([1, 0, 0, -1, 1, 0]);
  });

  it('rejects a zero vector, an empty query and an empty positive id', () => {
    const reject = (example: Parameters<typeof packAdapterExamples>[0][number], message: RegExp) => {
      expect(() => packAdapterExamples([example])).toThrow(AdapterTrainingInputError);
      expect(() => packAdapterExamples([example])).toThrow(message);
    };
    reject({ query: [0, 0], positive: [1, 0], positiveId: 'a' }, /example 0: query is the zero vector/);
    reject({ query: [], positive: [], positiveId: 'a' }, /query vector is empty/);
    reject({ query: [1, 0], positive: [1, 0], positiveId: '' }, /positiveId must be a non-empty string/);
  });
});
