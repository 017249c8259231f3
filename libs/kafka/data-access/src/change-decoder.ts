import type { Context } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import {
  DOCUMENT_CHANGE_V1,
  documentChangeV1Schema,
  parseContract,
  type DocumentChangeV1,
} from '@tributary/contracts';
import { contextOf } from './trace-headers';

/** Either way, the trace the message was published in (the empty root when it carries none). */
export type DecodedMessage =
  | { ok: true; message: KafkaMessage; traceContext: Context; change: DocumentChangeV1 }
  | { ok: false; message: KafkaMessage; traceContext: Context; error: unknown };

/** A message's value as a validated document-change/v1, or why it is not one. */
export function decodeChange(message: KafkaMessage): DecodedMessage {
  const traceContext = contextOf(message);
  try {
    const json: unknown = JSON.parse(message.value?.toString() ?? 'null');
    const change = parseContract(DOCUMENT_CHANGE_V1, documentChangeV1Schema, json);
    return { ok: true, message, traceContext, change };
  } catch (error) {
    return { ok: false, message, traceContext, error };
  }
}
