import type { IHeaders, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADERS as H } from './dead-letter.headers';

/** A dead letter as an operator sees it; every field read from the message is best-effort. */
export interface DeadLetterEntry {
  partition: number;
  offset: string;
  key: string | null;
  source: string | null;
  docId: string | null;
  error: string;
  attempts: number | null;
  failedAt: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
}

export function toDeadLetterEntry(
  partition: number,
  message: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>,
): DeadLetterEntry {
  const header = (name: string) => headerText(message.headers, name);
  const key = message.key?.toString() ?? null;
  return {
    partition,
    offset: message.offset,
    key,
    ...documentOf(key, message.value),
    error: header(H.error) ?? '(no error recorded)',
    attempts: integerOrNull(header(H.attempts)),
    failedAt: header(H.failedAt),
    originalTopic: header(H.originalTopic),
    originalPartition: integerOrNull(header(H.originalPartition)),
    originalOffset: header(H.originalOffset),
  };
}

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
}

function integerOrNull(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : null;
}

/** From the key `${source}:${docId}` (sources never hold ":"), else from the payload if it is JSON. */
function documentOf(
  key: string | null,
  value: Buffer | null,
): { source: string | null; docId: string | null } {
  const colon = key?.indexOf(':') ?? -1;
  if (key && colon > 0) return { source: key.slice(0, colon), docId: key.slice(colon + 1) };
  try {
    const parsed: unknown = JSON.parse(value?.toString() ?? '');
    if (typeof parsed !== 'object' || parsed === null) return { source: null, docId: null };
    const { source, docId } = parsed as Record<string, unknown>;
    return {
      source: typeof source === 'string' ? source : null,
      docId: typeof docId === 'string' ? docId : null,
    };
  } catch {
    return { source: null, docId: null };
  }
}
