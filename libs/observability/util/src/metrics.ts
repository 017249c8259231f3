import { collectDefaultMetrics, Registry } from 'prom-client';

/** The Nest token of an app's metrics registry, which MetricsController serves. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * A registry of the app's own (never prom-client's global one, so tests and
 * several apps in one process do not collide), with the process metrics:
 * CPU, memory, handles, event-loop lag, GC.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
