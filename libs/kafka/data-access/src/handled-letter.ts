import type { KafkaMessage, Message } from 'kafkajs';
import {
  DEAD_LETTER_HANDLED_V1,
  deadLetterHandledV1Schema,
  type DeadLetterHandledV1,
} from '@tributary/contracts';
import {
  formatDeadLetterPosition,
  parseDeadLetterPosition,
  type DeadLetterPosition,
} from './dead-letter.position';

/**
 * What the handled topic says about one dead letter. A record that cannot be
 * read (say, written by a newer version) still counts as handled: redriving a
 * letter twice is worse than leaving one for an operator to look at.
 */
export type HandledRecord = DeadLetterHandledV1 | 'unreadable';

export function handledRecord(
  action: DeadLetterHandledV1['action'],
  reason: string | null,
  redrivenTo?: string,
): DeadLetterHandledV1 {
  return {
    schema: DEAD_LETTER_HANDLED_V1,
    action,
    reason,
    at: new Date().toISOString(),
    ...(redrivenTo ? { redrivenTo } : {}),
  };
}

export function handledLetterMessage(position: DeadLetterPosition, record: DeadLetterHandledV1): Message {
  return {
    key: formatDeadLetterPosition(position),
    value: JSON.stringify(deadLetterHandledV1Schema.parse(record)),
  };
}

/** The letter a handled-topic message is about and its record; a null record is a tombstone (handled no more). */
export function readHandledMessage(
  message: Pick<KafkaMessage, 'key' | 'value'>,
): { key: string; record: HandledRecord | null } | null {
  const key = message.key?.toString();
  if (!key) return null;
  try {
    parseDeadLetterPosition(key);
  } catch {
    return null;
  }
  if (message.value === null) return { key, record: null };
  try {
    return { key, record: deadLetterHandledV1Schema.parse(JSON.parse(message.value.toString())) };
  } catch {
    return { key, record: 'unreadable' };
  }
}
