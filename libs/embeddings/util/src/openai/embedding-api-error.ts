/** Why an embedding API call failed, and whether trying again could help. */
export class EmbeddingApiError extends Error {
  override readonly name = 'EmbeddingApiError';
  /** How long the API asked callers to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    /** The HTTP status; undefined when no answer came (network error, timeout). */
    readonly status: number | undefined,
    /** True when the same request may succeed later: throttling, server errors, timeouts. */
    readonly retryable: boolean,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
}
