import type { IHeaders, KafkaMessage } from 'kafkajs';
import { toDeadLetterEntry, type DeadLetterEntry } from './dead-letter.entry';

/** A dead letter in full, for an operator deciding whether to redrive or discard it. */
export interface DeadLetterDetail extends DeadLetterEntry {
  /** Every header as text (the last value of a repeated one). */
  headers: Record<string, string>;
  /** The original value as UTF-8 text (the event JSON, or whatever the producer sent); null for none. */
  value: string | null;
}

export function toDeadLetterDetail(
  partition: number,
  message: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>,
): DeadLetterDetail {
  return {
    ...toDeadLetterEntry(partition, message),
    headers: headersAsText(message.headers),
    value: message.value?.toString('utf8') ?? null,
  };
}

function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) text[name] = last.toString();
  }
  return text;
}
