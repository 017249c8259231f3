import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import { RequestMethod } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { TRIBUTARY_TRACER } from '@tributary/observability';

/** Every route, the root included (Nest 11's wildcard syntax). */
export const TRACED_ROUTES: { path: string; method: RequestMethod } = {
  path: '{*path}',
  method: RequestMethod.ALL,
};

/**
 * Runs each request in a SERVER span: a child of the caller's `traceparent`
 * when it sent one, else a new trace. The response's `traceparent` names the
 * span, so a caller can find the trace of any answer, and everything the
 * request does (an ingest's Kafka publish, a search's logs) joins it.
 */
export function traceRequests(): RequestHandler {
  return (request, response, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = trace.getTracer(TRIBUTARY_TRACER).startSpan(
      // The route is known only once the router matched; until then the method alone, as the conventions say.
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.path,
          'url.scheme': request.protocol,
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    const carrier: Record<string, string> = {};
    propagation.inject(active, carrier);
    for (const [name, value] of Object.entries(carrier)) response.setHeader(name, value);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      endRequestSpan(span, request, response);
    };
    response.once('finish', end).once('close', end);
    // Nest mounts middleware as a catch-all route, which Express records as the request's route and never
    // clears: forgotten here, so only a controller's route names a request and a 404 stays unmatched (metrics too).
    request.route = undefined;
    context.with(active, next);
  };
}

function endRequestSpan(span: Span, request: Request, response: Response): void {
  const route = matchedRoute(request);
  if (route) {
    span.updateName(`${request.method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', response.statusCode);
  // A client's mistake (4xx) is not the server's failure; only 5xx and a connection cut early are.
  if (response.statusCode >= 500)
    span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.statusCode}` });
  else if (!response.writableFinished)
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection closed before the response was sent' });
  span.end();
}

/** Express sets `request.route` when a route matches; its path keeps parameters as `:id`. */
function matchedRoute(request: Request): string | undefined {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : undefined;
}
