import type { DeadLetterEntry, RedriveAllResult } from '@tributary/kafka';

const MAX_DOCUMENT = 40;
const MAX_ERROR = 80;

/** One line, at most `max` characters: long values end in "…". */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "2026-11-23T10:00:00.000Z" → "2026-11-23 10:00:00Z"; anything unparseable as it came. */
export function formatWhen(iso: string | null): string {
  if (!iso) return '-';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function describeLetter({ source, docId, key }: DeadLetterEntry): string {
  if (source !== null && docId !== null) return `${source}:${docId}`;
  return docId ?? key ?? '(no key)';
}

/** The pending letters as an aligned table with a count line under it. */
export function formatDeadLetterTable(
  letters: readonly DeadLetterEntry[],
  total: number,
  topic: string,
): string {
  if (total === 0) return `no pending dead letters in ${topic}`;
  const header = ['OFFSET', 'FAILED AT', 'DOCUMENT', 'ATTEMPTS', 'ERROR'];
  const rows = [
    header,
    ...letters.map((letter) => [
      `${letter.partition}:${letter.offset}`,
      formatWhen(letter.failedAt),
      truncate(describeLetter(letter), MAX_DOCUMENT),
      letter.attempts === null ? '-' : String(letter.attempts),
      truncate(letter.error, MAX_ERROR),
    ]),
  ];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  // The error column comes last and is not padded: no trailing blanks.
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  '),
  );
  const shown = letters.length < total ? ` (showing ${letters.length}; raise --limit for more)` : '';
  lines.push(`${total} pending dead letter${total === 1 ? '' : 's'} in ${topic}${shown}`);
  return lines.join('\n');
}

export function formatRedriven(letter: DeadLetterEntry): string {
  return `redriven ${letter.partition}:${letter.offset} (${describeLetter(letter)}) to ${letter.originalTopic ?? '?'}`;
}

export function formatRedriveAll({ redriven, skipped }: RedriveAllResult): string {
  const lines = redriven.map(formatRedriven);
  for (const letter of skipped)
    lines.push(
      `skipped ${letter.partition}:${letter.offset} (${describeLetter(letter)}): no original topic; discard it`,
    );
  lines.push(
    redriven.length === 0 && skipped.length === 0
      ? 'nothing to redrive: no pending dead letters'
      : `redriven ${redriven.length}, skipped ${skipped.length}`,
  );
  return lines.join('\n');
}

export function formatDiscarded(letter: DeadLetterEntry, reason: string): string {
  return `discarded ${letter.partition}:${letter.offset} (${describeLetter(letter)}): ${reason.trim()}`;
}
