/** A run that cannot succeed by being retried: a missing plan, a trainer that is not configured, bad data. */
export class FineTuneInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FineTuneInputError';
  }
}

/** An operator cancelled the run, or it lost its plan's lease to another worker. */
export class FineTuneCancelledError extends Error {
  constructor(readonly reason: string) {
    super(`cancelled: ${reason}`);
    this.name = 'FineTuneCancelledError';
  }
}
