import { dedupeBy, normalizeQuery, splitByQuery } from './query-split';

interface Pair {
  query: string;
  doc: string;
}

const pairs = (queries: number, perQuery: number): Pair[] =>
  Array.from({ length: queries * perQuery }, (_, i) => ({
    query: `question ${Math.floor(i / perQuery)}`,
    doc: `d${i}`,
  }));
const queryOf = (pair: Pair) => pair.query;
const heldOutQueries = (items: readonly Pair[]) => new Set(items.map(queryOf));

describe('normalizeQuery', () => {
  it('trims, lowercases and collapses whitespace', () => {
    expect(normalizeQuery('  How  To\tReset\nMy Password ')).toBe('how to reset my password');
    expect(normalizeQuery('How to reset my password?! ')).toBe('how to reset my password');
  });
});

describe('splitByQuery', () => {
  it('never splits one query across train and holdout, even written differently', () => {
    const items = [...pairs(200, 3), { query: '  QUESTION   7 ', doc: 'x' }];
    const { train, holdout } = splitByQuery(items, queryOf, 0.3, 1);
    const trainQueries = new Set(train.map((pair) => normalizeQuery(pair.query)));
    for (const pair of holdout) expect(trainQueries.has(normalizeQuery(pair.query))).toBe(false);
    expect(train.length + holdout.length).toBe(items.length);
  });

  it('holds out about the given fraction of distinct queries', () => {
    const { holdout } = splitByQuery(pairs(2000, 2), queryOf, 0.2, 'seed');
    expect(heldOutQueries(holdout).size / 2000).toBeGreaterThan(0.17);
    expect(heldOutQueries(holdout).size / 2000).toBeLessThan(0.23);
  });

  it('keeps every query on its side as the data grows', () => {
    const small = splitByQuery(pairs(100, 1), queryOf, 0.25, 5);
    const grown = splitByQuery(pairs(400, 1), queryOf, 0.25, 5);
    const grownHoldout = heldOutQueries(grown.holdout);
    for (const query of heldOutQueries(small.holdout)) expect(grownHoldout.has(query)).toBe(true);
    for (const pair of small.train) expect(grownHoldout.has(pair.query)).toBe(false);
  });

  it('is deterministic for a seed and changes with it', () => {
    const items = pairs(300, 1);
    const first = splitByQuery(items, queryOf, 0.5, 1).holdout;
    expect(splitByQuery(items, queryOf, 0.5, 1).holdout).toEqual(first);
    expect(splitByQuery(items, queryOf, 0.5, 2).holdout).not.toEqual(first);
  });

  it('puts everything in train at 0 and everything in holdout at 1, keeping order', () => {
    const items = pairs(20, 2);
    expect(splitByQuery(items, queryOf, 0, 1)).toEqual({ train: items, holdout: [] });
    expect(splitByQuery(items, queryOf, 1, 1)).toEqual({ train: [], holdout: items });
  });

  it('rejects a fraction outside [0, 1]', () => {
    expect(() => splitByQuery([], queryOf, 1.5, 1)).toThrow(RangeError);
    expect(() => splitByQuery([], queryOf, Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('dedupeBy', () => {
  it('keeps the first item of each key, in order', () => {
    const items = [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
      { id: 'a', n: 3 },
    ];
    expect(dedupeBy(items, (item) => item.id)).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
  });
});
