import { linearFusion, normalize } from './linear-fusion';

const bm25 = {
  retriever: 'bm25',
  items: [
    { id: 'a', score: 12 },
    { id: 'b', score: 8 },
    { id: 'c', score: 2 },
  ],
};
const vector = {
  retriever: 'vector',
  items: [
    { id: 'c', score: 0.9 },
    { id: 'd', score: 0.7 },
    { id: 'a', score: 0.5 },
  ],
};

describe('normalize', () => {
  it('maps min-max onto [0, 1] and z-score onto mean 0, deviation 1', () => {
    expect(normalize([12, 8, 2], 'minmax')).toEqual([1, 0.6, 0]);
    const z = normalize([1, 2, 3], 'zscore');
    expect(z.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
    expect(z[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
  });

  it('does not divide by zero when every score is equal', () => {
    expect(normalize([5, 5], 'minmax')).toEqual([1, 1]);
    expect(normalize([5, 5], 'zscore')).toEqual([0, 0]);
    expect(normalize([], 'minmax')).toEqual([]);
  });
});

describe('linearFusion', () => {
  it('sums weighted min-max scores and counts an absent id as 0', () => {
    const fused = linearFusion([bm25, vector], 'minmax', { bm25: 0.5, vector: 0.5 });
    const byId = Object.fromEntries(fused.map((item) => [item.id, item]));
    expect(byId['a']?.score).toBeCloseTo(0.5 * 1 + 0.5 * 0, 12);
    expect(byId['c']?.score).toBeCloseTo(0.5 * 0 + 0.5 * 1, 12);
    expect(byId['d']?.components['bm25']).toBe(0);
    expect(byId['d']?.components['vector']).toBeCloseTo(0.5, 12);
    expect(byId['b']?.score).toBeCloseTo(0.5 * 0.6, 12);
    expect(byId['a']?.ranks).toEqual({ bm25: 1, vector: 3 });
  });

  it('follows the weights: all weight on one retriever reproduces its order', () => {
    expect(
      linearFusion([bm25, vector], 'minmax', { bm25: 1, vector: 0 })
        .slice(0, 3)
        .map((i) => i.id),
    ).toEqual(['a', 'b', 'c']);
    expect(
      linearFusion([bm25, vector], 'zscore', { bm25: 0, vector: 1 })
        .slice(0, 3)
        .map((i) => i.id),
    ).toEqual(['c', 'd', 'a']);
  });

  it('never ranks an absent id above a returned one, even when a list’s scores all tie', () => {
    const tied = {
      retriever: 'bm25',
      items: [
        { id: 'a', score: 3 },
        { id: 'b', score: 3 },
      ],
    };
    const other = { retriever: 'vector', items: [{ id: 'z', score: 0.9 }] };
    for (const normalization of ['minmax', 'zscore'] as const) {
      const fused = linearFusion([tied, other], normalization, { bm25: 1, vector: 0 });
      expect(fused.map((i) => i.id)).toEqual(['a', 'b', 'z']);
      expect(fused[2]!.score).toBeLessThan(fused[1]!.score);
    }
    const spread = linearFusion([bm25, other], 'zscore', { bm25: 1, vector: 0 });
    expect(spread.at(-1)?.id).toBe('z');
    expect(spread.at(-1)!.score).toBeLessThan(spread.at(-2)!.score);
  });

  it('orders ties by id and refuses negative weights', () => {
    const tied = linearFusion(
      [
        {
          retriever: 'bm25',
          items: [
            { id: 'y', score: 1 },
            { id: 'x', score: 1 },
          ],
        },
      ],
      'minmax',
      {
        bm25: 1,
      },
    );
    expect(tied.map((i) => i.id)).toEqual(['x', 'y']);
    expect(() => linearFusion([bm25], 'minmax', { bm25: -1 })).toThrow(RangeError);
  });
});
