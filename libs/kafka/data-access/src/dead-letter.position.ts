import { InvalidDeadLetterPositionError } from './dead-letter.errors';

/** Where a dead letter sits in the DLQ topic. Offsets stay strings: Kafka's are 64-bit. */
export interface DeadLetterPosition {
  partition: number;
  offset: string;
}

const MAX_PARTITION = 2 ** 31 - 1;
const MAX_OFFSET = 2n ** 63n - 1n;

/** Parses `${partition}:${offset}`, e.g. "0:42", as operators and the handled topic's keys write it. */
export function parseDeadLetterPosition(text: string): DeadLetterPosition {
  const match = /^(\d{1,10}):(\d{1,19})$/.exec(text.trim());
  if (!match) throw new InvalidDeadLetterPositionError(text);
  const partition = Number(match[1]);
  const offset = BigInt(match[2] ?? '');
  if (partition > MAX_PARTITION || offset > MAX_OFFSET) throw new InvalidDeadLetterPositionError(text);
  return { partition, offset: offset.toString() };
}

export function formatDeadLetterPosition({ partition, offset }: DeadLetterPosition): string {
  return `${partition}:${offset}`;
}
