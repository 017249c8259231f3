import type { HandledRecord } from './handled-letter';

type NotPendingCause = HandledRecord | 'before-watermark' | null;

export class InvalidDeadLetterPositionError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a dead letter position; expected <partition>:<offset>, e.g. 0:42`);
    this.name = 'InvalidDeadLetterPositionError';
  }
}

/** The operator named a dead letter that does not exist or was already redriven or discarded. */
export class DeadLetterNotPendingError extends Error {
  constructor(
    readonly position: string,
    readonly handled: NotPendingCause,
  ) {
    super(`dead letter ${position} is not pending: ${describe(handled)}`);
    this.name = 'DeadLetterNotPendingError';
  }
}

function describe(handled: NotPendingCause): string {
  if (handled === null) return 'there is no dead letter at this position';
  if (handled === 'before-watermark') return 'it lies before the operator group’s committed offset';
  if (handled === 'unreadable')
    return 'the handled topic holds a record for it that this version cannot read';
  const reason = handled.reason ? ` (${handled.reason})` : '';
  return `it was ${handled.action} at ${handled.at}${reason}`;
}
