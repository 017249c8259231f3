/** When an embedding request is worth repeating, and how long to wait before it. Pure functions. */

/** A server asking for a longer pause than this gets this: the caller's own deadlines matter more. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** 408, 409 and 429 are the 4xx answers that can succeed unchanged later; every 5xx may. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with equal jitter: the upper half of the window is random, so
 * clients that failed together spread out, yet none retries at once.
 * `attempt` counts from 0 for the wait after the first failure.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return ceiling / 2 + (ceiling / 2) * random();
}

/**
 * The pause a 429 or 503 asks for: `retry-after-ms` (Azure OpenAI) first, then
 * `Retry-After` as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(status: number, headers: Headers, now = Date.now()): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const fromMs = parseNonNegative(headers.get('retry-after-ms'));
  if (fromMs !== undefined) return Math.min(fromMs, MAX_RETRY_AFTER_MS);
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  const seconds = parseNonNegative(retryAfter);
  if (seconds !== undefined) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

function parseNonNegative(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
