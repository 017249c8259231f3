/** RFC 9457 problem details: the body of every error the gateway answers. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** On 400: every violation, as `path: message`. */
  errors?: string[];
}

/** The gateway answered with a status outside 2xx. */
export class TributaryApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
    /** From `Retry-After` (429, 503), when the gateway sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
    this.name = 'TributaryApiError';
  }
}

/** No complete answer within the client's `timeoutMs` (the response body included). */
export class TributaryTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path} got no answer within ${timeoutMs} ms`);
    this.name = 'TributaryTimeoutError';
  }
}
