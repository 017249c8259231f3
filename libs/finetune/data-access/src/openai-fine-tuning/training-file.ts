import { TrainingExamplesError } from './fine-tuning.errors';
import { MAX_EXAMPLE_CHARS, MAX_TRAINING_EXAMPLES, MIN_TRAINING_EXAMPLES } from './training-limits';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One line of an OpenAI chat fine-tuning file: the model learns to say the assistant turns. */
export interface ChatExample {
  messages: ChatMessage[];
}

/** Serialises examples as OpenAI's chat JSONL, refusing a file OpenAI would reject or we would not pay for. */
export function toTrainingJsonl(examples: readonly ChatExample[]): string {
  if (examples.length < MIN_TRAINING_EXAMPLES) {
    throw new TrainingExamplesError(
      `OpenAI fine-tuning needs at least ${MIN_TRAINING_EXAMPLES} examples, got ${examples.length}`,
    );
  }
  if (examples.length > MAX_TRAINING_EXAMPLES) {
    throw new TrainingExamplesError(
      `a training file holds at most ${MAX_TRAINING_EXAMPLES} examples, got ${examples.length}`,
    );
  }
  examples.forEach((example, index) => {
    if (!example.messages.some((message) => message.role === 'assistant' && message.content.trim())) {
      throw new TrainingExamplesError(`example ${index} has no assistant message to train on`);
    }
    const chars = example.messages.reduce((sum, message) => sum + message.content.length, 0);
    if (chars > MAX_EXAMPLE_CHARS) {
      throw new TrainingExamplesError(
        `example ${index} has ${chars} characters, more than the ${MAX_EXAMPLE_CHARS} allowed`,
      );
    }
  });
  // Only role and content: extra fields would make OpenAI reject the line.
  const lines = examples.map((example) =>
    JSON.stringify({ messages: example.messages.map(({ role, content }) => ({ role, content })) }),
  );
  return `${lines.join('\n')}\n`;
}
