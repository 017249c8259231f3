// The consumer side of a trace: a span per consumed event, under the span that published it.
import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { markSpanFailed, TRIBUTARY_TRACER } from '@tributary/observability';
import type { ChangeDelivery } from './document-change.consumer';

export interface ConsumedEvent {
  /** The span's name, e.g. `index <source>:<docId>`. */
  name: string;
  delivery: ChangeDelivery;
  attributes?: Attributes;
}

/**
 * The spans of one slice handed to a handler: one CONSUMER span per event,
 * a child of the span that published it, and one span for the whole slice,
 * linked to every event's trace (a slice mixes many traces, so it can be the
 * child of none). All start now and end together with the slice's outcome.
 */
export class ConsumedSliceTrace {
  private readonly slice: Span;
  private readonly events: Span[];

  constructor(sliceName: string, events: readonly ConsumedEvent[]) {
    const tracer = trace.getTracer(TRIBUTARY_TRACER);
    const links: Link[] = events
      .map(({ delivery }) => trace.getSpanContext(delivery.traceContext))
      .filter((spanContext): spanContext is SpanContext => !!spanContext && isSpanContextValid(spanContext))
      .map((spanContext) => ({ context: spanContext }));
    this.slice = tracer.startSpan(
      sliceName,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.batch.message_count': events.length,
        },
      },
      ROOT_CONTEXT,
    );
    this.events = events.map(({ name, delivery, attributes }) =>
      tracer.startSpan(
        name,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': delivery.topic,
            'messaging.destination.partition.id': String(delivery.partition),
            'messaging.kafka.offset': Number(delivery.offset),
            ...attributes,
          },
        },
        delivery.traceContext,
      ),
    );
  }

  /** Runs `work` in the slice's span: what it calls (Elasticsearch, embeddings) belongs to the slice. */
  inSlice<T>(work: () => T): T {
    return context.with(trace.setSpan(context.active(), this.slice), work);
  }

  /** Runs `work` in event `index`'s span, so the log lines it writes carry that event's trace id. */
  inEvent<T>(index: number, work: () => T): T {
    const span = this.events[index];
    if (!span) throw new RangeError(`no event ${index} in a slice of ${this.events.length}`);
    return context.with(trace.setSpan(context.active(), span), work);
  }

  /** Ends every span as succeeded, each event's with what became of it. */
  succeeded(attributesOf: (index: number) => Attributes): void {
    this.events.forEach((span, i) => {
      span.setAttributes(attributesOf(i));
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    });
    this.slice.setStatus({ code: SpanStatusCode.OK });
    this.slice.end();
  }

  /** Ends every span as failed with the error's message (the consumer retries or dead-letters them). */
  failed(error: unknown): void {
    for (const span of [...this.events, this.slice]) {
      markSpanFailed(span, error);
      span.end();
    }
  }
}
