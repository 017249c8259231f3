import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { createLogger } from './logger';
import { inSpan } from './tracing.span';
import { startTracing, type Tracing } from './tracing';

/** A destination that keeps every JSON line written to it. */
function lines() {
  const written: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        written.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { written, stream };
}

describe('createLogger and traces', () => {
  let tracing: Tracing;

  beforeEach(() => {
    tracing = startTracing('logger-spec', { env: {}, flushOnExit: false });
  });

  afterEach(() => tracing.shutdown());

  it('adds the active span’s trace_id and span_id to a line written inside it', async () => {
    const { written, stream } = lines();
    const logger = createLogger('svc', 'info', stream);
    const ids = await inSpan('work', async (span) => {
      logger.info({ docId: 'a' }, 'inside');
      return span.spanContext();
    });
    expect(written[0]).toMatchObject({
      msg: 'inside',
      docId: 'a',
      trace_id: ids.traceId,
      span_id: ids.spanId,
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives child loggers the same fields, and each line the span active when it is written', async () => {
    const { written, stream } = lines();
    const child = createLogger('svc', 'info', stream).child({ part: 'consumer' });
    const [outer, inner] = await inSpan('outer', async (outerSpan) => [
      outerSpan.spanContext(),
      await inSpan('inner', async (innerSpan) => {
        child.info('inner line');
        return innerSpan.spanContext();
      }),
    ]);
    expect(inner!.traceId).toBe(outer!.traceId);
    expect(written[0]).toMatchObject({ part: 'consumer', trace_id: inner!.traceId, span_id: inner!.spanId });
  });

  it('writes no trace fields outside a span', () => {
    const { written, stream } = lines();
    createLogger('svc', 'info', stream).info('outside');
    expect(trace.getSpan(context.active())).toBeUndefined();
    expect(written[0]).not.toHaveProperty('trace_id');
    expect(written[0]).not.toHaveProperty('span_id');
  });

  it('still redacts secrets', () => {
    const { written, stream } = lines();
    createLogger('svc', 'info', stream).info({ headers: { authorization: 'Bearer x' } }, 'request');
    expect(written[0]).toMatchObject({ headers: { authorization: '[redacted]' } });
  });
});
