/** Why a fine-tuning API call or a fine-tune run failed; messages never hold the API key. */

/** An API call failed: the API refused it, no answer came, or the answer was unusable. */
export class FineTuningApiError extends Error {
  override readonly name: string = 'FineTuningApiError';
  /** The API's error code (`invalid_api_key`, `model_not_available`, ...), when it gave one. */
  readonly code: string | undefined;
  /** The API's error type (`invalid_request_error`, ...), when it gave one. */
  readonly type: string | undefined;
  /** How long the API asked callers to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    /** The HTTP status; undefined when no answer came (network error, timeout). */
    readonly status: number | undefined,
    /** True when the same request may succeed later: throttling, conflicts, server errors, timeouts. */
    readonly retryable: boolean,
    options: { cause?: unknown; code?: string; type?: string; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.type = options.type;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The API answered 2xx with a body that does not have the documented shape; retrying would not help. */
export class FineTuningMalformedAnswerError extends FineTuningApiError {
  override readonly name = 'FineTuningMalformedAnswerError';

  constructor(message: string, status: number) {
    super(message, status, false);
  }
}

/** The remote job ended `failed`: bad training data, a policy refusal, an internal error. */
export class FineTuneJobFailedError extends Error {
  override readonly name = 'FineTuneJobFailedError';

  constructor(
    readonly jobId: string,
    /** The job's `error.code`, e.g. `invalid_training_file`. */
    readonly code: string | undefined,
    /** The job's `error.message`, as the API worded it. */
    readonly reason: string,
  ) {
    super(`fine-tuning job ${jobId} failed${code ? ` (${code})` : ''}: ${reason}`);
  }
}

/** The remote job ended `cancelled` without this run asking for it (someone cancelled it elsewhere). */
export class FineTuneJobCancelledError extends Error {
  override readonly name = 'FineTuneJobCancelledError';

  constructor(readonly jobId: string) {
    super(`fine-tuning job ${jobId} was cancelled`);
  }
}

/** What a run that stopped early knows about the remote job it leaves behind. */
interface StoppedRun {
  /** Undefined when the run stopped before the job was created. */
  jobId: string | undefined;
  /** Whether the remote job is known to be cancelled; false means it may still run and bill. */
  remoteCancelled: boolean;
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class FineTuneAbortedError extends Error {
  override readonly name = 'FineTuneAbortedError';
  readonly jobId: string | undefined;
  readonly remoteCancelled: boolean;

  constructor(run: StoppedRun, cause: unknown) {
    super(`fine-tune aborted${describe(run)}`, { cause });
    this.jobId = run.jobId;
    this.remoteCancelled = run.remoteCancelled;
  }
}

/** The run's overall deadline passed before the job reached a terminal state. */
export class FineTuneTimeoutError extends Error {
  override readonly name = 'FineTuneTimeoutError';
  readonly jobId: string | undefined;
  readonly remoteCancelled: boolean;

  constructor(
    run: StoppedRun,
    readonly timeoutMs: number,
  ) {
    super(`fine-tune did not finish within ${timeoutMs} ms${describe(run)}`);
    this.jobId = run.jobId;
    this.remoteCancelled = run.remoteCancelled;
  }
}

/** The examples cannot make a training file OpenAI accepts; retrying with the same input cannot help. */
export class TrainingExamplesError extends RangeError {
  override readonly name = 'TrainingExamplesError';
}

function describe(run: StoppedRun): string {
  if (run.jobId === undefined) return ' before the API named a job';
  return run.remoteCancelled
    ? `; job ${run.jobId} was cancelled`
    : `; job ${run.jobId} could not be cancelled and may still run`;
}
