import pino, { type DestinationStream, type Logger } from 'pino';
import { traceFieldsOf } from './tracing.span';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line. */
const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
];

/**
 * Structured JSON logs, one logger per service, secrets redacted. A line
 * written inside a span carries `trace_id` and `span_id`, so a trace leads to
 * its logs and a log line to its trace.
 */
export function createLogger(
  service: string,
  level = process.env['LOG_LEVEL'] ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => traceFieldsOf(),
  };
  return destination ? pino(options, destination) : pino(options);
}
