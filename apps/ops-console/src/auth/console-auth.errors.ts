/** Why a request or a login was refused, with the HTTP status the console answers. */
export class ConsoleAuthError extends Error {
  override name = 'ConsoleAuthError';

  constructor(
    readonly status: 401 | 403 | 429 | 503,
    message: string,
    /** For 429: whole seconds until another attempt may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
