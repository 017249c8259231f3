/** Headers of a dead letter (set by DeadLetterProducer) and of an event redriven from one. */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'dlq.original-topic',
  originalPartition: 'dlq.original-partition',
  originalOffset: 'dlq.original-offset',
  error: 'dlq.error',
  attempts: 'dlq.attempts',
  failedAt: 'dlq.failed-at',
  /** On a redriven event: the dead letter it came from, as `${partition}:${offset}`. */
  redrivenFrom: 'dlq.redriven-from',
} as const;
