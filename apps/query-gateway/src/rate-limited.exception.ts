import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 for an API key over its rate limit; the problem filter sends retryAfterSeconds as Retry-After. */
export class RateLimitedException extends HttpException {
  /** Whole seconds, rounded up: a client that waits this long is allowed at least one request. */
  readonly retryAfterSeconds: number;

  constructor(limitPerMinute: number, retryAfterMs: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      `rate limit of ${limitPerMinute} requests per minute exceeded for this API key; retry after ${retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
