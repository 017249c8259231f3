import type { Request, RequestHandler } from 'express';
import { UNMATCHED_ROUTE, type GatewayMetrics } from './gateway-metrics.service';

/**
 * Times every request and records its status once the response is sent, so
 * refusals by guards, filters and the body parser count too. Register it
 * before anything else (main.ts) so it sees every request.
 */
export function recordRequestMetrics(metrics: GatewayMetrics): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () =>
      metrics.observeRequest({
        route: matchedRoute(request),
        method: request.method,
        status: response.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      }),
    );
    next();
  };
}

/** Express sets `request.route` when a route matches; its path keeps parameters as `:id`. */
function matchedRoute(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : UNMATCHED_ROUTE;
}
