// Runs work inside a span: the span is active for the work's logs and calls, ends with it, and records its failure.
import {
  context,
  isSpanContextValid,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';

/** The tracer of our own spans; the service is told apart by the resource's service.name. */
export const TRIBUTARY_TRACER = 'tributary';

/**
 * Runs `work` as the active span `name` (a child of the active one unless
 * `parent` says otherwise). A thrown error marks the span failed and is rethrown.
 */
export function inSpan<T>(
  name: string,
  work: (span: Span) => Promise<T>,
  options: SpanOptions = {},
  parent: Context = context.active(),
): Promise<T> {
  return trace.getTracer(TRIBUTARY_TRACER).startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markSpanFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Error status with the error's message, and the exception as a span event. */
export function markSpanFailed(span: Span, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

export interface TraceFields {
  trace_id: string;
  span_id: string;
}

/** The ids a log line written in this context carries; none outside a span. */
export function traceFieldsOf(ctx: Context = context.active()): TraceFields | Record<string, never> {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
