// W3C trace context in Kafka headers: how a trace crosses from a producer to a consumer.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** The headers that carry a trace (W3C trace-context). */
export const TRACE_HEADERS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

const setter: TextMapSetter<IHeaders> = {
  set: (headers, key, value) => {
    headers[key] = value;
  },
};

// A consumed header is a Buffer (or several, when a producer repeated it).
const getter: TextMapGetter<IHeaders | undefined> = {
  keys: (headers) => Object.keys(headers ?? {}),
  get: (headers, key) => {
    const value = headers?.[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map((part) => part.toString()) : value.toString();
  },
};

/** Writes the trace of `ctx` (the active one by default) into `headers`; nothing when no span is active. */
export function injectTraceHeaders(headers: IHeaders, ctx: Context = context.active()): IHeaders {
  propagation.inject(ctx, headers, setter);
  return headers;
}

/** The context a message's headers carry: its producer's span as a remote parent, or the empty root. */
export function extractTraceContext(headers: IHeaders | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}

/** The trace context a consumed message was published in. */
export function contextOf(message: Pick<KafkaMessage, 'headers'>): Context {
  return extractTraceContext(message.headers);
}
