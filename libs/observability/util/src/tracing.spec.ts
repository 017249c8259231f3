import { context, isSpanContextValid, propagation, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inSpan } from './tracing.span';
import { startTracing, type Tracing } from './tracing';
import { TracingSettingsError } from './tracing.settings';

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const remoteParent = (flags: string) =>
  propagation.extract(ROOT_CONTEXT, { traceparent: `00-${PARENT_TRACE}-00f067aa0ba902b7-${flags}` });

describe('startTracing', () => {
  let tracing: Tracing | undefined;
  // A new exporter per start: shutting a provider down stops its exporter for good.
  let memory: InMemorySpanExporter;

  const start = (env: Record<string, string> = {}) => {
    memory = new InMemorySpanExporter();
    tracing = startTracing('spec-service', {
      env,
      flushOnExit: false,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    return tracing;
  };

  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
  });

  it('without an endpoint makes and propagates ids but exports nothing', async () => {
    const started = startTracing('spec-service', { env: {}, flushOnExit: false });
    tracing = started;
    expect(started.exporting).toBe(false);
    const headers: Record<string, string> = {};
    await inSpan('op', async () => propagation.inject(context.active(), headers));
    expect(headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('records spans with service.name, active across awaits (AsyncLocalStorage)', async () => {
    start({ OTEL_SERVICE_NAME: 'renamed' });
    await inSpan('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await inSpan('inner', async () => undefined);
    });
    const [inner, outer] = memory.getFinishedSpans();
    expect(inner!.name).toBe('inner');
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    expect(outer!.resource.attributes['service.name']).toBe('renamed');
  });

  it('with ratio 0 records no new trace, yet its spans still have ids for the logs', async () => {
    start({ OTEL_TRACES_SAMPLER_ARG: '0' });
    const spanContext = await inSpan('unsampled', async (span) => span.spanContext());
    expect(isSpanContextValid(spanContext)).toBe(true);
    expect(spanContext.traceFlags & TraceFlags.SAMPLED).toBe(0);
    expect(memory.getFinishedSpans()).toHaveLength(0);
    // The same exporter does receive a span the sampler keeps.
    await inSpan('kept', async () => undefined, {}, remoteParent('01'));
    expect(memory.getFinishedSpans().map((span) => span.name)).toEqual(['kept']);
  });

  it('follows the caller’s decision: ratio 0 still records a child of a sampled remote parent, ratio 1 not one of an unsampled', async () => {
    start({ OTEL_TRACES_SAMPLER_ARG: '0' });
    await inSpan('child', async () => undefined, {}, remoteParent('01'));
    expect(memory.getFinishedSpans().map((span) => span.spanContext().traceId)).toEqual([PARENT_TRACE]);
    await tracing!.shutdown();
    start({ OTEL_TRACES_SAMPLER_ARG: '1' });
    await inSpan('child', async () => undefined, {}, remoteParent('00'));
    await inSpan('new trace', async () => undefined, {}, ROOT_CONTEXT);
    expect(memory.getFinishedSpans().map((span) => span.name)).toEqual(['new trace']);
  });

  it('knows whether it exports: only with an endpoint', async () => {
    expect(start().exporting).toBe(false);
    await tracing!.shutdown();
    // Export itself is proven end to end (test/e2e/tracing.e2e.spec.ts): the exporter loads its HTTP client lazily, which jest cannot.
    expect(start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).exporting).toBe(true);
  });

  it('refuses to start twice', () => {
    start();
    expect(() => startTracing('again', { env: {}, flushOnExit: false })).toThrow(
      /tracing is already started for spec-service/,
    );
  });

  it('a bad setting throws a TracingSettingsError before anything is registered', () => {
    expect(() => startTracing('x', { env: { OTEL_TRACES_SAMPLER_ARG: '2' }, flushOnExit: false })).toThrow(
      TracingSettingsError,
    );
    // Nothing was registered: a valid start still works.
    start();
  });
});
