import type { KafkaMessage } from 'kafkajs';
import {
  DOCUMENT_CHANGE_V1,
  documentChangeV1Schema,
  parseContract,
  type DocumentChangeV1,
} from '@tributary/contracts';

export type DecodedMessage =
  | { ok: true; message: KafkaMessage; change: DocumentChangeV1 }
  | { ok: false; message: KafkaMessage; error: unknown };

/** A message's value as a validated document-change/v1, or why it is not one. */
export function decodeChange(message: KafkaMessage): DecodedMessage {
  try {
    const json: unknown = JSON.parse(message.value?.toString() ?? 'null');
    return { ok: true, message, change: parseContract(DOCUMENT_CHANGE_V1, documentChangeV1Schema, json) };
  } catch (error) {
    return { ok: false, message, error };
  }
}
