import { z } from 'zod';

// What a search filter's date bound accepts, narrowed to what an Elasticsearch `date`
// parses: a value it could not parse would fail the whole chunk write.
const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const MAX_FRACTION_DIGITS = 9;
const MAX_OFFSET_MINUTES = 18 * 60;

/** True for a real calendar date (YYYY-MM-DD) or an ISO-8601 date-time with Z or an offset. */
export function isIsoDate(value: string): boolean {
  if (!isoDate.safeParse(value).success) return false;
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
  if (fraction.length > MAX_FRACTION_DIGITS) return false;
  const offset = /T.*([+-])(\d\d):(\d\d)$/.exec(value);
  return !offset || Number(offset[2]) * 60 + Number(offset[3]) <= MAX_OFFSET_MINUTES;
}

/**
 * The metadata values that are ISO dates, under the same keys: indexed again as
 * `metadataDates.*` (dates) so a search can compare them as instants, while
 * `metadata.*` keeps every string a keyword. Undefined when there are none.
 */
export function metadataDatesOf(
  metadata: Readonly<Record<string, string | number | boolean>>,
): Record<string, string> | undefined {
  const dates = Object.entries(metadata).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && isIsoDate(entry[1]),
  );
  return dates.length > 0 ? Object.fromEntries(dates) : undefined;
}
