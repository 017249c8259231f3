import type { DeadLetterEntry, RedriveAllResult } from '@tributary/kafka';
import { alignColumns, formatWhen, truncate } from '@tributary/cli-util';

const MAX_DOCUMENT = 40;
const MAX_ERROR = 80;

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
  const lines = alignColumns(rows);
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
