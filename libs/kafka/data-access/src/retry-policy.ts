/** How a failed event is retried before it is dead-lettered. */
export interface RetryPolicy {
  /** Attempts for an error that is not transient, before the event is dead-lettered. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /**
   * Transient errors (a dependency down or overloaded) are retried without limit:
   * dead-lettering every event during an outage would lose the order of changes.
   */
  isTransient(error: unknown): boolean;
}

export function backoffMs(
  policy: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>,
  attempt: number,
): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
}
