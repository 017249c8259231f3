const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

/** True when an error, or any error it wraps, says no broker could be reached. */
export function isKafkaUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; depth++) {
    const { name, code, cause, originalError } = current as Error & {
      code?: unknown;
      originalError?: unknown;
    };
    if (UNREACHABLE.has(name) || (typeof code === 'string' && NETWORK_CODES.has(code))) return true;
    current = originalError ?? cause;
  }
  return false;
}
