import { reciprocalRankFusion } from './reciprocal-rank-fusion';

describe('reciprocalRankFusion', () => {
  it('scores each id by the sum of 1/(k+rank) over the lists that returned it', () => {
    const fused = reciprocalRankFusion(
      [
        { retriever: 'bm25', ids: ['a', 'b'] },
        { retriever: 'vector', ids: ['b', 'c'] },
      ],
      60,
    );
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]).toEqual({
      id: 'b',
      score: 1 / 62 + 1 / 61,
      ranks: { bm25: 2, vector: 1 },
      components: { bm25: 1 / 62, vector: 1 / 61 },
    });
    expect(fused[1]?.score).toBeCloseTo(1 / 61, 12);
  });

  it('breaks ties by id so repeated calls agree', () => {
    const fused = reciprocalRankFusion([
      { retriever: 'bm25', ids: ['z'] },
      { retriever: 'vector', ids: ['y'] },
    ]);
    expect(fused.map((item) => item.id)).toEqual(['y', 'z']);
  });

  it('counts a duplicated id once per list, at its best rank', () => {
    const [item] = reciprocalRankFusion([{ retriever: 'bm25', ids: ['a', 'a'] }], 1);
    expect(item).toEqual({ id: 'a', score: 0.5, ranks: { bm25: 1 }, components: { bm25: 0.5 } });
  });

  it('rejects a non-positive k', () => {
    expect(() => reciprocalRankFusion([], 0)).toThrow(RangeError);
  });
});
