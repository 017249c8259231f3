// Reads and checks the OTEL_* settings tracing honours; a bad one stops the process with its name.

/** What startTracing needs, checked. */
export interface TracingSettings {
  serviceName: string;
  /** Share of new traces recorded (a trace begun elsewhere keeps its caller's decision). */
  samplerRatio: number;
  /** Where spans are POSTed as OTLP/HTTP JSON; undefined: ids are made and propagated, nothing is exported. */
  tracesUrl: string | undefined;
  /** Ended spans waiting for export; beyond this, new spans are dropped (never memory without bound). */
  maxQueueSize: number;
  /** Spans per export request. */
  maxExportBatchSize: number;
  /** Longest wait before a partial batch is exported. */
  scheduleDelayMs: number;
  /** An export request taking longer is abandoned (its spans are lost). */
  exportTimeoutMs: number;
}

/** The limits, named once so the docs and the checks agree. */
export const TRACING_LIMITS = {
  maxQueueSize: { default: 2048, min: 1, max: 65_536 },
  maxExportBatchSize: { default: 512, min: 1, max: 8192 },
  scheduleDelayMs: { default: 1000, min: 10, max: 60_000 },
  exportTimeoutMs: { default: 10_000, min: 100, max: 60_000 },
} as const;

export class TracingSettingsError extends Error {
  override readonly name = 'TracingSettingsError';
}

type Env = Readonly<Record<string, string | undefined>>;

export function readTracingSettings(defaultServiceName: string, env: Env): TracingSettings {
  const serviceName = text(env['OTEL_SERVICE_NAME']) ?? defaultServiceName;
  if (!/^[\w.-]{1,128}$/.test(serviceName))
    throw new TracingSettingsError(
      `OTEL_SERVICE_NAME must be 1–128 letters, digits, "_", "." or "-", got "${serviceName}"`,
    );
  const sampler = text(env['OTEL_TRACES_SAMPLER']);
  if (sampler !== undefined && sampler !== 'parentbased_traceidratio')
    throw new TracingSettingsError(
      `OTEL_TRACES_SAMPLER must be unset or "parentbased_traceidratio" (set the ratio with OTEL_TRACES_SAMPLER_ARG), got "${sampler}"`,
    );
  const settings: TracingSettings = {
    serviceName,
    samplerRatio: ratio(env, 'OTEL_TRACES_SAMPLER_ARG', 1),
    tracesUrl: tracesUrl(env),
    maxQueueSize: integer(env, 'OTEL_BSP_MAX_QUEUE_SIZE', TRACING_LIMITS.maxQueueSize),
    maxExportBatchSize: integer(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', TRACING_LIMITS.maxExportBatchSize),
    scheduleDelayMs: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', TRACING_LIMITS.scheduleDelayMs),
    exportTimeoutMs: integer(env, 'OTEL_BSP_EXPORT_TIMEOUT', TRACING_LIMITS.exportTimeoutMs),
  };
  if (settings.maxExportBatchSize > settings.maxQueueSize)
    throw new TracingSettingsError(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${settings.maxExportBatchSize}) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${settings.maxQueueSize})`,
    );
  return settings;
}

/** The signal-specific endpoint is used as given; the general one gets `/v1/traces`, as the OTLP spec says. */
function tracesUrl(env: Env): string | undefined {
  const specific = text(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  if (specific) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific);
  const general = text(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  if (!general) return undefined;
  return httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', `${general.replace(/\/+$/, '')}/v1/traces`);
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingSettingsError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TracingSettingsError(`${name} must be an http(s) URL, got "${value}"`);
  return url.toString();
}

function ratio(env: Env, name: string, fallback: number): number {
  const raw = text(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new TracingSettingsError(`${name} must be a number from 0 to 1, got "${raw}"`);
  return value;
}

function integer(env: Env, name: string, limit: { default: number; min: number; max: number }): number {
  const raw = text(env[name]);
  if (raw === undefined) return limit.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < limit.min || value > limit.max)
    throw new TracingSettingsError(
      `${name} must be an integer from ${limit.min} to ${limit.max}, got "${raw}"`,
    );
  return value;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
