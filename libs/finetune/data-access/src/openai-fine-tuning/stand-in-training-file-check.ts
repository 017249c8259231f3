/** The stand-in's version of the checks OpenAI runs on a chat training file while a job is `validating_files`. */

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const MIN_EXAMPLES = 10;

/** Why OpenAI would refuse this JSONL as chat training data, or undefined when it would accept it. */
export function trainingFileProblem(content: string): string | undefined {
  const lines = content.split('\n').filter((line) => line.trim().length > 0);
  for (const [index, line] of lines.entries()) {
    const problem = lineProblem(line);
    if (problem) return `Invalid file format. Line ${index + 1}: ${problem}`;
  }
  if (lines.length < MIN_EXAMPLES) {
    return `Training file has ${lines.length} example(s), but must have at least ${MIN_EXAMPLES} examples`;
  }
  return undefined;
}

function lineProblem(line: string): string | undefined {
  let example: unknown;
  try {
    example = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const messages = isRecord(example) ? example['messages'] : undefined;
  if (!Array.isArray(messages) || messages.length === 0) return 'messages must be a non-empty array';
  for (const [index, message] of (messages as unknown[]).entries()) {
    if (!isRecord(message) || typeof message['role'] !== 'string' || !ROLES.has(message['role'])) {
      return `message ${index + 1} has no valid role`;
    }
    if (typeof message['content'] !== 'string') return `message ${index + 1} has no text content`;
  }
  const assistant = (messages as Record<string, unknown>[]).some(
    (message) => message['role'] === 'assistant',
  );
  return assistant ? undefined : 'no assistant message to train on';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
