import { DEFAULT_SYSTEM_PROMPT, type QuestionPassagePair, chatExamplesFrom } from './chat-examples-from';
import { TrainingExamplesError } from './fine-tuning.errors';
import { groundedAnswer } from './grounded-answer';
import { type ChatExample, toTrainingJsonl } from './training-file';
import { MAX_EXAMPLE_CHARS, MAX_TRAINING_EXAMPLES } from './training-limits';

const PASSAGE =
  'Kafka is a distributed log. Each partition keeps its records in order. ' +
  'Consumers in a group share the partitions of a topic. Retention deletes old segments.';

const pairs = (count: number, pair: Partial<QuestionPassagePair> = {}): QuestionPassagePair[] =>
  Array.from({ length: count }, (_, i) => ({
    question: `How does a partition keep records in order? (${i})`,
    passage: PASSAGE,
    ...pair,
  }));

const chars = (example: ChatExample) =>
  example.messages.reduce((sum, message) => sum + message.content.length, 0);

describe('chatExamplesFrom', () => {
  it('puts the title, passage and question in the user turn and the best overlapping sentences in the answer', () => {
    const [example] = chatExamplesFrom(pairs(10, { title: 'Kafka basics' }), { answerSentences: 2 });
    expect(example!.messages).toEqual([
      { role: 'system', content: DEFAULT_SYSTEM_PROMPT },
      {
        role: 'user',
        content: `Title: Kafka basics\nContext:\n${PASSAGE}\n\nQuestion: How does a partition keep records in order? (0)`,
      },
      // Only the second sentence shares words (partition, records, order); "keeps" and "partitions" are other words.
      { role: 'assistant', content: 'Each partition keeps its records in order.' },
    ]);
  });

  it('answers with at most the configured number of sentences, in passage order', () => {
    const question = 'Do consumers in a group keep records of a topic in order?';
    expect(groundedAnswer(question, PASSAGE, 2)).toBe(
      'Each partition keeps its records in order. Consumers in a group share the partitions of a topic.',
    );
    // Consumers, group, topic: three shared words against two (records, order).
    expect(groundedAnswer(question, PASSAGE, 1)).toBe(
      'Consumers in a group share the partitions of a topic.',
    );
  });

  it('answers with the first sentence when no sentence shares a word with the question beyond stop words', () => {
    expect(groundedAnswer('What is this about, and why?', PASSAGE, 3)).toBe('Kafka is a distributed log.');
  });

  it('refuses fewer than ten usable pairs, saying how many were skipped', () => {
    const input = [...pairs(8), { question: ' ', passage: PASSAGE }, { question: 'Why?', passage: '' }];
    expect(() => chatExamplesFrom(input)).toThrow(TrainingExamplesError);
    expect(() => chatExamplesFrom(input)).toThrow(
      'OpenAI fine-tuning needs at least 10 examples; 10 pairs made 8 (2 lacked a question or passage',
    );
  });

  it('keeps the first maxExamples usable pairs, by default MAX_TRAINING_EXAMPLES', () => {
    expect(chatExamplesFrom(pairs(15), { maxExamples: 12 })).toHaveLength(12);
    expect(chatExamplesFrom(pairs(MAX_TRAINING_EXAMPLES + 1))).toHaveLength(MAX_TRAINING_EXAMPLES);
  });

  it('shortens a long passage so each example fits, answering only from the context it shows', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence ${i} says partitions keep order.`).join(' ');
    const examples = chatExamplesFrom(pairs(10, { passage: long }), { maxExampleChars: 1_000 });
    for (const example of examples) {
      expect(chars(example)).toBeLessThanOrEqual(1_000);
      const [, user, assistant] = example.messages;
      expect(user!.content).toContain(assistant!.content);
    }
    const [defaults] = chatExamplesFrom(pairs(10, { passage: long.repeat(3) }));
    expect(chars(defaults!)).toBeLessThanOrEqual(MAX_EXAMPLE_CHARS);
    expect(chars(defaults!)).toBeGreaterThan(MAX_EXAMPLE_CHARS * 0.9);
  });

  it('skips a pair whose question alone cannot fit', () => {
    const input = [...pairs(10), { question: 'partition '.repeat(200), passage: PASSAGE }];
    expect(chatExamplesFrom(input, { maxExampleChars: 1_000 })).toHaveLength(10);
  });

  it('refuses limits outside what OpenAI and the caps allow', () => {
    expect(() => chatExamplesFrom(pairs(10), { maxExamples: 9 })).toThrow(RangeError);
    expect(() => chatExamplesFrom(pairs(10), { maxExampleChars: MAX_EXAMPLE_CHARS + 1 })).toThrow(RangeError);
    expect(() => chatExamplesFrom(pairs(10), { answerSentences: 0 })).toThrow(RangeError);
  });
});

describe('toTrainingJsonl', () => {
  const examples = chatExamplesFrom(pairs(10));

  it('writes one {"messages": [...]} line per example, with only role and content', () => {
    const extra = examples.map((example) => ({
      messages: example.messages.map((message) => ({ ...message, name: 'x' })),
    }));
    const lines = toTrainingJsonl(extra).trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(examples);
  });

  it('refuses a file OpenAI would reject or that passes our caps', () => {
    expect(() => toTrainingJsonl(examples.slice(1))).toThrow('at least 10 examples, got 9');
    const many = Array.from({ length: MAX_TRAINING_EXAMPLES + 1 }, () => examples[0]!);
    expect(() => toTrainingJsonl(many)).toThrow(`at most ${MAX_TRAINING_EXAMPLES} examples`);
    const silent = examples.map((example) => ({ messages: example.messages.slice(0, 2) }));
    expect(() => toTrainingJsonl(silent)).toThrow('example 0 has no assistant message to train on');
    const long = [
      { messages: [{ role: 'assistant' as const, content: 'x'.repeat(MAX_EXAMPLE_CHARS + 1) }] },
      ...examples,
    ];
    expect(() => toTrainingJsonl(long)).toThrow(`example 0 has ${MAX_EXAMPLE_CHARS + 1} characters`);
  });
});
