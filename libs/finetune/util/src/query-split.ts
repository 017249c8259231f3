// Train/holdout split by query, so no query's pairs leak from training into evaluation.
import { createHash } from 'node:crypto';

export interface QuerySplit<T> {
  train: T[];
  holdout: T[];
}

/**
 * Lowercased, runs of whitespace as one space, without surrounding blanks or
 * closing punctuation: "  How  To\tX? " and "how to x" are one query.
 */
export function normalizeQuery(query: string): string {
  return query
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?.!]+$/, '')
    .trim();
}

/**
 * Puts every item of one (normalised) query on the same side. The side comes
 * from a hash of (seed, query) alone, not from the other items, so a query
 * keeps its side as the data grows, and the holdout is about `holdoutFraction`
 * of the distinct queries (not of the items). Order within each side is kept.
 */
export function splitByQuery<T>(
  items: readonly T[],
  queryOf: (item: T) => string,
  holdoutFraction: number,
  seed: number | string,
): QuerySplit<T> {
  if (!(holdoutFraction >= 0 && holdoutFraction <= 1)) {
    throw new RangeError(`holdoutFraction must be in [0, 1], got ${holdoutFraction}`);
  }
  const sides = new Map<string, boolean>();
  const split: QuerySplit<T> = { train: [], holdout: [] };
  for (const item of items) {
    const query = normalizeQuery(queryOf(item));
    let heldOut = sides.get(query);
    if (heldOut === undefined) {
      heldOut = unitHash(`${seed}\u0000${query}`) < holdoutFraction;
      sides.set(query, heldOut);
    }
    (heldOut ? split.holdout : split.train).push(item);
  }
  return split;
}

/** The first item of each key, in input order. */
export function dedupeBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first 48 bits of SHA-256 as a number in [0, 1): the same on every machine and Node version. */
function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6) / 2 ** 48;
}
