// The producer side of a trace: one span per send, whose context every message of the send carries.
import { SpanKind } from '@opentelemetry/api';
import type { Message } from 'kafkajs';
import { inSpan } from '@tributary/observability';
import { injectTraceHeaders } from './trace-headers';

/**
 * Runs `send` inside a `publish <topic>` PRODUCER span, a child of the active
 * span (a gateway request) or a trace of its own (a connector pass), and writes
 * that span's context into each message's headers first, so each consumer's
 * work continues the trace.
 */
export function publishTraced(
  topic: string,
  messages: Message[],
  send: (messages: Message[]) => Promise<void>,
): Promise<void> {
  return inSpan(
    `publish ${topic}`,
    async () => {
      const traced = messages.map((message) => ({
        ...message,
        headers: injectTraceHeaders({ ...message.headers }),
      }));
      await send(traced);
    },
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': topic,
        'messaging.batch.message_count': messages.length,
      },
    },
  );
}
