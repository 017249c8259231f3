/** Bounds on a training file, checked before anything is uploaded. */

/** OpenAI refuses to start a job on a training file with fewer examples than this. */
export const MIN_TRAINING_EXAMPLES = 10;

/**
 * Our cap, not OpenAI's: plenty to adapt a model to a corpus's wording, while one
 * run's upload and training bill stay bounded. Callers put their best pairs first.
 */
export const MAX_TRAINING_EXAMPLES = 5_000;

/**
 * Characters per example, all messages together: about 2,000 tokens at four
 * characters a token, far inside every fine-tunable chat model's context, so
 * OpenAI never truncates an example (which would cut off the answer it trains on).
 */
export const MAX_EXAMPLE_CHARS = 8_000;

/** Sentences of the passage that make up a grounded answer, by default. */
export const DEFAULT_ANSWER_SENTENCES = 3;
