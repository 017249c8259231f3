import { TrainingExamplesError } from './fine-tuning.errors';
import { groundedAnswer } from './grounded-answer';
import type { ChatExample } from './training-file';
import {
  DEFAULT_ANSWER_SENTENCES,
  MAX_EXAMPLE_CHARS,
  MAX_TRAINING_EXAMPLES,
  MIN_TRAINING_EXAMPLES,
} from './training-limits';

export interface QuestionPassagePair {
  question: string;
  passage: string;
  title?: string;
}

export interface ChatExamplesOptions {
  /** The system turn of every example. */
  systemPrompt?: string;
  /** Examples kept, from the first pairs on. Default and most MAX_TRAINING_EXAMPLES, at least MIN_TRAINING_EXAMPLES. */
  maxExamples?: number;
  /** Characters per example; the passage is shortened to fit. Default and most MAX_EXAMPLE_CHARS. */
  maxExampleChars?: number;
  /** Sentences in the grounded answer. Default DEFAULT_ANSWER_SENTENCES. */
  answerSentences?: number;
}

export const DEFAULT_SYSTEM_PROMPT =
  'Answer the question using only the given context. If the context does not answer it, say so.';

/**
 * Builds chat examples that teach a model to answer from retrieved context: the user
 * turn holds the passage (and its title) and the question, the assistant turn the passage
 * sentences that share the most words with the question. Pairs without a question or
 * passage, or whose question alone would not fit, are skipped; the first `maxExamples`
 * usable pairs are kept. Throws a TrainingExamplesError when fewer than
 * MIN_TRAINING_EXAMPLES remain, since OpenAI would refuse the file.
 */
export function chatExamplesFrom(
  pairs: readonly QuestionPassagePair[],
  options: ChatExamplesOptions = {},
): ChatExample[] {
  const system = options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  const maxExamples = within(
    'maxExamples',
    options.maxExamples,
    MIN_TRAINING_EXAMPLES,
    MAX_TRAINING_EXAMPLES,
  );
  const maxChars = within('maxExampleChars', options.maxExampleChars, 1, MAX_EXAMPLE_CHARS);
  const sentences = within('answerSentences', options.answerSentences ?? DEFAULT_ANSWER_SENTENCES, 1, 100);
  const examples: ChatExample[] = [];
  let skipped = 0;
  for (const pair of pairs) {
    if (examples.length === maxExamples) break;
    const example = toExample(pair, system, maxChars, sentences);
    if (example) examples.push(example);
    else skipped++;
  }
  if (examples.length < MIN_TRAINING_EXAMPLES) {
    throw new TrainingExamplesError(
      `OpenAI fine-tuning needs at least ${MIN_TRAINING_EXAMPLES} examples; ${pairs.length} pairs made ` +
        `${examples.length} (${skipped} lacked a question or passage, or could not fit in ${maxChars} characters)`,
    );
  }
  return examples;
}

function toExample(
  pair: QuestionPassagePair,
  system: string,
  maxChars: number,
  maxSentences: number,
): ChatExample | undefined {
  const question = pair.question.trim();
  const passage = pair.passage.replace(/\s+/g, ' ').trim();
  if (!question || !passage) return undefined;
  const title = pair.title?.trim();
  const user = (context: string) =>
    `${title ? `Title: ${title}\n` : ''}Context:\n${context}\n\nQuestion: ${question}`;
  const fixed = system.length + user('').length;
  // The answer comes from the context shown, so shortening the context may change it: shrink until both fit.
  let budget = maxChars - fixed;
  while (budget > 0) {
    const context = shorten(passage, budget);
    const answer = groundedAnswer(question, context, maxSentences);
    const overflow = fixed + context.length + answer.length - maxChars;
    if (overflow <= 0) {
      return {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user(context) },
          { role: 'assistant', content: answer },
        ],
      };
    }
    budget = context.length - overflow;
  }
  return undefined;
}

/** At most `budget` characters, cut after a sentence when one ends in the second half, else at a space. */
function shorten(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const head = text.slice(0, budget);
  const sentenceEnd = Math.max(...['. ', '! ', '? '].map((end) => head.lastIndexOf(end)));
  if (sentenceEnd >= budget / 2) return head.slice(0, sentenceEnd + 1);
  const space = head.lastIndexOf(' ');
  return space > 0 ? head.slice(0, space) : head;
}

function within(name: string, value: number | undefined, min: number, max: number): number {
  if (value === undefined) return max;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`chatExamplesFrom ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
