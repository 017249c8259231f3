import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '@tributary/observability';
import type { ChangeDelivery } from './document-change.consumer';
import { ConsumedSliceTrace } from './trace-headers.consume';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';

const delivery = (offset: string, traceparent?: string): ChangeDelivery => ({
  topic: 'changes',
  partition: 2,
  offset,
  traceContext: traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT,
});

describe('ConsumedSliceTrace', () => {
  let tracing: Tracing;
  let memory: InMemorySpanExporter;

  beforeEach(() => {
    memory = new InMemorySpanExporter();
    tracing = startTracing('consume-spec', {
      env: {},
      flushOnExit: false,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
  });

  afterEach(() => tracing.shutdown());

  const slice = () =>
    new ConsumedSliceTrace('index slice', [
      {
        name: 'index s:a',
        delivery: delivery('10', `00-${TRACE_A}-00f067aa0ba902b7-01`),
        attributes: { op: 'upsert' },
      },
      { name: 'index s:b', delivery: delivery('11', `00-${TRACE_B}-b7ad6b7169203331-01`) },
      { name: 'index s:c', delivery: delivery('12') },
    ]);

  it('gives each event a CONSUMER span under its publisher, and the slice one linked to every trace', () => {
    const spans = slice();
    const seen = spans.inEvent(0, () => trace.getActiveSpan()?.spanContext());
    spans.succeeded((i) => ({ 'tributary.outcome': i === 0 ? 'indexed' : 'stale' }));
    const byName = new Map(memory.getFinishedSpans().map((span) => [span.name, span]));
    const a = byName.get('index s:a')!;
    expect(a.kind).toBe(SpanKind.CONSUMER);
    expect(a.spanContext().traceId).toBe(TRACE_A);
    expect(a.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(a.attributes).toMatchObject({
      op: 'upsert',
      'messaging.destination.name': 'changes',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 10,
      'tributary.outcome': 'indexed',
    });
    expect(a.status.code).toBe(SpanStatusCode.OK);
    expect(seen?.spanId).toBe(a.spanContext().spanId);
    expect(byName.get('index s:b')!.spanContext().traceId).toBe(TRACE_B);
    // An event that carried no trace still gets a span, in a trace of its own.
    expect(byName.get('index s:c')!.parentSpanContext).toBeUndefined();
    const sliceSpan = byName.get('index slice')!;
    expect(sliceSpan.links.map((link) => link.context.traceId)).toEqual([TRACE_A, TRACE_B]);
    expect(sliceSpan.attributes['messaging.batch.message_count']).toBe(3);
  });

  it('ends every span failed with the error message when the slice fails', () => {
    slice().failed(new Error('mapper_parsing_exception'));
    const spans = memory.getFinishedSpans();
    expect(spans).toHaveLength(4);
    for (const span of spans)
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Error: mapper_parsing_exception' });
  });

  it('runs work in the slice span, and refuses an event it does not have', () => {
    const spans = slice();
    const active = spans.inSlice(() => trace.getActiveSpan());
    expect(active).toBeDefined();
    expect(() => spans.inEvent(3, () => undefined)).toThrow(/no event 3 in a slice of 3/);
    spans.succeeded(() => ({}));
    expect(
      memory
        .getFinishedSpans()
        .find((span) => span.name === 'index slice')!
        .spanContext().spanId,
    ).toBe(active!.spanContext().spanId);
  });
});
