import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IHeaders, Message } from 'kafkajs';
import { inSpan, startTracing, type Tracing } from '@tributary/observability';
import { contextOf, extractTraceContext, injectTraceHeaders } from './trace-headers';
import { publishTraced } from './trace-headers.publish';

/** Headers as a consumer receives them: every value a Buffer. */
const asConsumed = (headers: IHeaders): IHeaders =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(String(value))]));

describe('trace context in Kafka headers', () => {
  let tracing: Tracing;
  let memory: InMemorySpanExporter;

  beforeEach(() => {
    memory = new InMemorySpanExporter();
    tracing = startTracing('kafka-spec', {
      env: {},
      flushOnExit: false,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
  });

  afterEach(() => tracing.shutdown());

  it('round-trips the active span: injected headers, read back as Buffers, extract to the same trace and span', async () => {
    const { sent, headers } = await inSpan('producing', async (span) => ({
      sent: span.spanContext(),
      headers: injectTraceHeaders({ schema: 'document-change/v1' }),
    }));
    expect(headers['traceparent']).toBe(`00-${sent.traceId}-${sent.spanId}-01`);
    const received = trace.getSpanContext(contextOf({ headers: asConsumed(headers) }));
    expect(received).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
  });

  it('carries tracestate through', () => {
    const parent = extractTraceContext({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=abc',
    });
    const headers = asConsumed(injectTraceHeaders({}, parent));
    expect(headers['tracestate']?.toString()).toBe('vendor=abc');
    expect(trace.getSpanContext(extractTraceContext(headers))?.traceState?.get('vendor')).toBe('abc');
  });

  it('injects nothing without an active span, and a message without headers extracts to no trace', () => {
    expect(injectTraceHeaders({ schema: 'x' })).toEqual({ schema: 'x' });
    expect(trace.getSpanContext(contextOf({ headers: {} }))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext(undefined))).toBeUndefined();
    expect(
      trace.getSpanContext(extractTraceContext({ traceparent: Buffer.from('garbage') })),
    ).toBeUndefined();
  });

  it('publishes inside a PRODUCER span, child of the active one, whose context every message carries', async () => {
    let sent: Message[] = [];
    const parent = await inSpan('POST /v1/ingest', async (span) => {
      await publishTraced(
        'changes',
        [{ value: 'a', headers: { schema: 's' } }, { value: 'b' }],
        async (m) => {
          sent = m;
        },
      );
      return span.spanContext();
    });
    const [publish] = memory.getFinishedSpans().filter((span) => span.name === 'publish changes');
    expect(publish!.kind).toBe(SpanKind.PRODUCER);
    expect(publish!.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(publish!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'changes',
      'messaging.batch.message_count': 2,
    });
    const expected = `00-${parent.traceId}-${publish!.spanContext().spanId}-01`;
    expect(sent.map((message) => message.headers?.['traceparent'])).toEqual([expected, expected]);
    expect(sent[0]!.headers?.['schema']).toBe('s');
  });

  it('without an active span a send begins a trace of its own', async () => {
    let sent: Message[] = [];
    await context.with(ROOT_CONTEXT, () =>
      publishTraced('changes', [{ value: 'a' }], async (m) => {
        sent = m;
      }),
    );
    const [publish] = memory.getFinishedSpans();
    expect(publish!.name).toBe('publish changes');
    expect(publish!.parentSpanContext).toBeUndefined();
    expect(sent[0]!.headers?.['traceparent']).toBe(
      `00-${publish!.spanContext().traceId}-${publish!.spanContext().spanId}-01`,
    );
  });

  it('marks the publish span failed when the send fails, and rethrows', async () => {
    await expect(
      publishTraced('changes', [{ value: 'a' }], async () => {
        throw new Error('broker down');
      }),
    ).rejects.toThrow('broker down');
    expect(memory.getFinishedSpans()[0]!.status).toMatchObject({ code: 2, message: 'Error: broker down' });
  });
});
