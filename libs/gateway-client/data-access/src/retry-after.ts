/** Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  // An HTTP date names its weekday and month; Date.parse alone would read "-3" as a year.
  const at = /[a-z]/i.test(header) ? Date.parse(header) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
