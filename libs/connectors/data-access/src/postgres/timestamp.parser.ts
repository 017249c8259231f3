/**
 * `timestamp` and `date` columns carry no zone. The driver would read them in
 * the process's local zone, so a change of TZ would change every version;
 * read as UTC they stay put.
 */
export function parseZonelessAsUtc(text: string): Date | string {
  // 'infinity', BC dates and other forms are left as text: not a version, and the mapper says so.
  const match = /^(\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?$/.exec(text);
  if (!match) return text;
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0', fraction = '0'] = match;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, leaves years 0-99 alone.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(
    Number(hours),
    Number(minutes),
    Number(seconds),
    Number(fraction.padEnd(6, '0').slice(0, 3)),
  );
  return date;
}
