// OpenTelemetry for one process: ids for every operation, W3C propagation, OTLP export when asked for.
import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createLogger } from './logger';
import { flushOnExit } from './tracing.exit';
import { readTracingSettings, type TracingSettings } from './tracing.settings';

export interface Tracing {
  readonly settings: TracingSettings;
  /** True when spans are sent to a collector; false: ids are made and propagated only. */
  readonly exporting: boolean;
  /** Sends every ended span now. */
  flush(): Promise<void>;
  /** Flushes, stops exporting and unregisters the global tracer, context manager and propagator. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Flush when the process ends (beforeExit, SIGTERM, SIGINT); off in tests that start and stop tracing. */
  flushOnExit?: boolean;
  /** Processors besides the OTLP exporter's: a test's in-memory exporter. */
  spanProcessors?: readonly SpanProcessor[];
}

let started: Tracing | undefined;

/**
 * Call first thing in main, before anything creates a span or a logger writes:
 * spans started before the provider is registered are no-ops without ids.
 * Throws a TracingSettingsError naming a bad OTEL_* setting.
 */
export function startTracing(serviceName: string, options: TracingOptions = {}): Tracing {
  if (started) throw new Error(`tracing is already started for ${started.settings.serviceName}`);
  const settings = readTracingSettings(serviceName, options.env ?? process.env);
  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (settings.tracesUrl) {
    spanProcessors.push(
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: settings.tracesUrl, timeoutMillis: settings.exportTimeoutMs }),
        {
          maxQueueSize: settings.maxQueueSize,
          maxExportBatchSize: settings.maxExportBatchSize,
          scheduledDelayMillis: settings.scheduleDelayMs,
          exportTimeoutMillis: settings.exportTimeoutMs,
        },
      ),
    );
    // Export failures and dropped spans would otherwise go unseen.
    const logger = createLogger(`${settings.serviceName}.otel`, 'warn');
    diag.setLogger(
      {
        error: (message, ...args) => logger.error({ args }, message),
        warn: (message, ...args) => logger.warn({ args }, message),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'process.pid': process.pid }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.samplerRatio) }),
    spanProcessors,
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);

  const undoExitHook =
    options.flushOnExit === false ? () => undefined : flushOnExit(() => provider.shutdown());
  const tracing: Tracing = {
    settings,
    exporting: settings.tracesUrl !== undefined,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      undoExitHook();
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
        started = undefined;
      }
    },
  };
  started = tracing;
  return tracing;
}

/** For a CLI's top level: a bad OTEL_* setting is one line on stderr and exit code 1, not a stack trace. */
export function startTracingOrExit(serviceName: string): Tracing {
  try {
    return startTracing(serviceName);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
