import { meanOverJudgedQueries, ndcgAt, recallAt, type Judgments } from './ranking-metrics';

const judged = (entries: Record<string, number>): Judgments => new Map(Object.entries(entries));
const docs = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

describe('ndcgAt', () => {
  it('scores a ranking in the ideal order 1', () => {
    expect(ndcgAt(10, ['a', 'b', 'x'], judged({ a: 2, b: 1 }))).toBeCloseTo(1, 12);
  });

  it('uses the judged grade as a linear gain, with the ideal built from every judged document', () => {
    // DCG = 1/log2(2) + 0/log2(3) + 2/log2(4) = 1 + 1 = 2; ideal = 2/log2(2) + 1/log2(3) = 2.63093
    expect(ndcgAt(10, ['b', 'x', 'a'], judged({ a: 2, b: 1, c: 0 }))).toBeCloseTo(
      2 / (2 + 1 / Math.log2(3)),
      12,
    );
    // Grade 3 first would be exponential gain 7 vs 1; linear gain: DCG = 1 + 3/log2(3), ideal = 3 + 1/log2(3).
    expect(ndcgAt(10, ['b', 'a'], judged({ a: 3, b: 1 }))).toBeCloseTo(0.796708, 6);
  });

  it('counts nothing below rank k, while the ideal still holds every relevant document', () => {
    const ranking = [...docs('x', 10), 'a'];
    expect(ndcgAt(10, ranking, judged({ a: 1 }))).toBe(0);
    // Two relevant judged, one found at rank 3: (1/log2(4)) / (1 + 1/log2(3)) = 0.5 / 1.63093
    expect(ndcgAt(10, ['x1', 'x2', 'a'], judged({ a: 1, b: 1 }))).toBeCloseTo(0.306574, 6);
  });

  it('is 0 for a query none of whose relevant documents was retrieved', () => {
    expect(ndcgAt(10, ['x', 'y', 'z'], judged({ a: 1, y: 0 }))).toBe(0);
    expect(ndcgAt(10, [], judged({ a: 1 }))).toBe(0);
  });

  it('counts a document retrieved twice once, at its first rank', () => {
    expect(ndcgAt(10, ['x', 'a', 'a'], judged({ a: 1 }))).toBeCloseTo(1 / Math.log2(3), 12);
  });
});

describe('recallAt', () => {
  it('counts relevant documents within the first 100 of a longer ranking', () => {
    const ranking = docs('x', 150);
    ranking[49] = 'a'; // rank 50: counts
    ranking[119] = 'b'; // rank 120: beyond 100
    expect(ranking).toHaveLength(150);
    expect(recallAt(100, ranking, judged({ a: 1, b: 1, c: 2 }))).toBeCloseTo(1 / 3, 12);
  });

  it('treats any grade of at least 1 as relevant and grade 0 as not', () => {
    expect(recallAt(100, ['a', 'b', 'z'], judged({ a: 2, b: 1, z: 0 }))).toBe(1);
  });

  it('is 0 when no relevant document was retrieved', () => {
    expect(recallAt(100, ['x', 'y'], judged({ a: 1 }))).toBe(0);
  });
});

describe('meanOverJudgedQueries', () => {
  const ndcg10 = (ranking: readonly string[], judgments: Judgments) => ndcgAt(10, ranking, judgments);

  it('averages over queries with a relevant judgment; one not retrieved at all scores 0', () => {
    const qrels = new Map([
      ['q1', judged({ a: 1 })],
      ['q2', judged({ b: 1 })],
      ['q3', judged({ c: 0 })], // no relevant document: left out of the mean
    ]);
    const rankings = new Map([
      ['q1', ['a']],
      ['q3', ['c']],
    ]);
    expect(meanOverJudgedQueries(ndcg10, rankings, qrels)).toEqual({ mean: 0.5, queries: 2 });
  });

  it('ignores rankings of queries that have no judgments', () => {
    const qrels = new Map([['q1', judged({ a: 1 })]]);
    const rankings = new Map([
      ['q1', ['a']],
      ['q9', ['x']],
    ]);
    expect(meanOverJudgedQueries(ndcg10, rankings, qrels)).toEqual({ mean: 1, queries: 1 });
  });
});
