import { EmbeddingApiError } from './embedding-api-error';

/** Checks the answer holds one finite vector of the right length per input, and returns them in input order, normalised. */
export function unitVectors(
  body: unknown,
  count: number,
  dimensions: number | undefined,
  request: string,
): number[][] {
  const invalid = (why: string) =>
    new EmbeddingApiError(`${request} gave an unusable answer: ${why}`, undefined, false);
  const data = isRecord(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) throw invalid('no data array');
  if (data.length !== count) throw invalid(`${data.length} embeddings for ${count} inputs`);
  const vectors = new Array<number[] | undefined>(count);
  for (const item of data as unknown[]) {
    const index = isRecord(item) ? item['index'] : undefined;
    const embedding = isRecord(item) ? item['embedding'] : undefined;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
      throw invalid(`index ${String(index)} is not one of 0..${count - 1}`);
    }
    if (vectors[index]) throw invalid(`index ${index} appears twice`);
    if (!Array.isArray(embedding)) throw invalid(`embedding ${index} is not an array of numbers`);
    const expected = dimensions ?? embedding.length;
    if (embedding.length !== expected || expected === 0) {
      throw invalid(`embedding ${index} has ${embedding.length} dimensions, expected ${expected}`);
    }
    if (!embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw invalid(`embedding ${index} holds a value that is not a finite number`);
    }
    const norm = Math.sqrt((embedding as number[]).reduce((sum, value) => sum + value * value, 0));
    if (norm === 0) throw invalid(`embedding ${index} is all zeros`);
    vectors[index] = (embedding as number[]).map((value) => value / norm);
    dimensions = expected;
  }
  return vectors as number[][];
}

/** OpenAI, vLLM and Azure say `{error: {message}}`; text-embeddings-inference and Ollama say `{error: "..."}`. */
export function apiErrorMessage(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    const error = isRecord(body) ? body['error'] : undefined;
    if (typeof error === 'string') return error;
    if (isRecord(error) && typeof error['message'] === 'string') return error['message'];
  } catch {
    // Not JSON: a proxy's HTML page, say; its start is the best message there is.
  }
  return text.slice(0, 200) || '(empty body)';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
