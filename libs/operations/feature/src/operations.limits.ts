/** Documented limits of the operations API; each is enforced by OperationsService or its factory. */
export const OPERATIONS_LIMITS = {
  /** Dead letters listed per overview or deadLetters() call (the pending count is always exact). */
  defaultDeadLetterLimit: 50,
  maxDeadLetterLimit: 1_000,
  /** The longest an overview section, or consumerLag(), may take before it is reported as failed. */
  defaultSectionTimeoutMs: 5_000,
  minSectionTimeoutMs: 100,
  maxSectionTimeoutMs: 60_000,
  /** Freshness percentiles are taken over the states written in this window. */
  defaultFreshnessWindowMs: 15 * 60 * 1000,
  /** A discard's reason, as the handled topic's contract bounds it. */
  maxReasonLength: 4_096,
  maxRequestedByLength: 200,
  /** Recent fine-tune runs and models shown. */
  recentRuns: 10,
  recentModels: 20,
} as const;
