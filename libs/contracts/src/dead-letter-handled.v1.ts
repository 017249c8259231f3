import { z } from 'zod';

export const DEAD_LETTER_HANDLED_V1 = 'dead-letter-handled/v1';

export const deadLetterActions = ['redriven', 'discarded'] as const;
export type DeadLetterAction = (typeof deadLetterActions)[number];

/** The value of a record on the DLQ's handled topic: what an operator did with one dead letter. */
export const deadLetterHandledV1Schema = z.strictObject({
  schema: z.literal(DEAD_LETTER_HANDLED_V1),
  action: z.enum(deadLetterActions),
  /** Required for a discard; optional for a redrive. */
  reason: z.string().max(4096).nullable(),
  at: z.iso.datetime({ offset: true }),
  /** The topic a redriven letter was published to. */
  redrivenTo: z.string().min(1).optional(),
});

export type DeadLetterHandledV1 = z.infer<typeof deadLetterHandledV1Schema>;
