import type { EmbeddingProvider } from '../embedding-provider';
import { EmbeddingApiError } from './embedding-api-error';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry-policy';

export interface OpenAiCompatibleEmbeddingOptions {
  /** Up to, not including, `/embeddings`: `https://api.openai.com/v1`, `http://localhost:11434/v1`, an Azure deployment URL. */
  baseUrl: string;
  /** SECRET. Omit for servers without authentication (Ollama, a local vLLM). */
  apiKey?: string;
  /** The model name the API knows, e.g. `text-embedding-3-small`. */
  model: string;
  /** Sent as `dimensions` (for models that can shorten their vectors) and checked against the answer. */
  dimensions?: number;
  /** Most texts in one request. Default 64. */
  batchSize?: number;
  /** Most requests in flight at once, across all calls on this provider. Default 2. */
  maxConcurrency?: number;
  /** Per request attempt. Default 30000. */
  timeoutMs?: number;
  /** Further attempts after a retryable failure. Default 5. */
  maxRetries?: number;
  /** Default 250 and 10000. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** How the key is sent. `bearer`: `Authorization: Bearer <key>` (default). `azure`: `api-key: <key>`. */
  headers?: 'bearer' | 'azure';
  /** Sent as `?api-version=`; Azure OpenAI's deployment URLs need it. */
  apiVersion?: string;
  /** Put before every query or document text, for models trained with instructions (e5: `query: `). */
  queryPrefix?: string;
  documentPrefix?: string;
  /** Default: Node's global fetch. */
  fetch?: typeof fetch;
}

/** Everything one request needs; the headers carry the key, so this never leaves the module. */
interface Endpoint {
  url: string;
  /** The URL as errors show it: no user info. */
  shownUrl: string;
  headers: Record<string, string>;
  model: string;
  dimensions: number | undefined;
  apiKey: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

const PROBE_TEXT = 'dimension probe';

/**
 * Embeds through any API that speaks OpenAI's `POST /embeddings`: OpenAI, Azure
 * OpenAI, Ollama, vLLM, text-embeddings-inference. Batches, bounds concurrency,
 * retries what can succeed later, validates every answer and returns
 * unit-length vectors in input order.
 */
export class OpenAiCompatibleEmbeddingProvider implements EmbeddingProvider {
  readonly modelId: string;
  readonly #endpoint: Endpoint;
  readonly #slots: RequestSlots;

  private constructor(
    endpoint: Endpoint,
    readonly dimensions: number,
    private readonly batchSize: number,
    maxConcurrency: number,
    private readonly queryPrefix: string,
    private readonly documentPrefix: string,
  ) {
    this.modelId = `openai:${endpoint.model}`;
    this.#endpoint = endpoint;
    this.#slots = new RequestSlots(maxConcurrency);
  }

  /** Validates the options and makes one probe request, which learns (or checks) the dimensions. */
  static async open(options: OpenAiCompatibleEmbeddingOptions): Promise<OpenAiCompatibleEmbeddingProvider> {
    const endpoint = toEndpoint(options);
    const batchSize = positiveInteger('batchSize', options.batchSize ?? 64);
    const maxConcurrency = positiveInteger('maxConcurrency', options.maxConcurrency ?? 2);
    const [probe] = await postWithRetries(endpoint, [PROBE_TEXT], endpoint.dimensions);
    const dimensions = probe?.length ?? 0;
    const { queryPrefix = '', documentPrefix = '' } = options;
    return new OpenAiCompatibleEmbeddingProvider(
      endpoint,
      dimensions,
      batchSize,
      maxConcurrency,
      queryPrefix,
      documentPrefix,
    );
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const input = texts.map((text) => this.documentPrefix + text);
    const batches: string[][] = [];
    for (let start = 0; start < input.length; start += this.batchSize) {
      batches.push(input.slice(start, start + this.batchSize));
    }
    // After one batch fails for good, the queued ones need not be sent.
    let failure: unknown;
    const results = await Promise.all(
      batches.map((batch) =>
        this.#slots.run(async () => {
          if (failure) throw failure;
          try {
            return await postWithRetries(this.#endpoint, batch, this.dimensions);
          } catch (error) {
            failure ??= error;
            throw error;
          }
        }),
      ),
    );
    return results.flat();
  }

  async embedQuery(text: string): Promise<number[]> {
    const input = [this.queryPrefix + text];
    const [vector] = await this.#slots.run(() => postWithRetries(this.#endpoint, input, this.dimensions));
    if (!vector) throw new Error('unreachable: a validated answer has one vector per input');
    return vector;
  }
}

function toEndpoint(options: OpenAiCompatibleEmbeddingOptions): Endpoint {
  let url: URL;
  try {
    url = new URL(`${options.baseUrl.replace(/\/+$/, '')}/embeddings`);
  } catch {
    throw new Error('embedding baseUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`embedding baseUrl must be http or https, not ${url.protocol}`);
  }
  if (options.apiVersion) url.searchParams.set('api-version', options.apiVersion);
  if (!options.model) throw new Error('embedding model must be named');
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  const auth: Record<string, string> = {};
  if (options.apiKey && options.headers === 'azure') auth['api-key'] = options.apiKey;
  else if (options.apiKey) auth['authorization'] = `Bearer ${options.apiKey}`;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    url: url.toString(),
    shownUrl: shown.toString(),
    headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
    model: options.model,
    dimensions:
      options.dimensions === undefined ? undefined : positiveInteger('dimensions', options.dimensions),
    apiKey: options.apiKey,
    fetch: fetchImpl,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? 30_000),
    maxRetries: nonNegativeInteger('maxRetries', options.maxRetries ?? 5),
    retryBaseDelayMs: nonNegativeInteger('retryBaseDelayMs', options.retryBaseDelayMs ?? 250),
    retryMaxDelayMs: nonNegativeInteger('retryMaxDelayMs', options.retryMaxDelayMs ?? 10_000),
  };
}

async function postWithRetries(
  endpoint: Endpoint,
  input: string[],
  dimensions?: number,
): Promise<number[][]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await postOnce(endpoint, input, dimensions);
    } catch (error) {
      if (!(error instanceof EmbeddingApiError) || !error.retryable) throw error;
      if (attempt >= endpoint.maxRetries) {
        const message = `embedding request gave up after ${attempt + 1} attempts: ${error.message}`;
        throw new EmbeddingApiError(message, error.status, true, { cause: error });
      }
      const delay =
        error.retryAfterMs ?? backoffDelayMs(attempt, endpoint.retryBaseDelayMs, endpoint.retryMaxDelayMs);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** One attempt; `dimensions` is the vector length to expect, undefined while probing for it. */
async function postOnce(endpoint: Endpoint, input: string[], dimensions?: number): Promise<number[][]> {
  const request = `POST ${endpoint.shownUrl}`;
  let response: Response;
  let text: string;
  try {
    response = await endpoint.fetch(endpoint.url, {
      method: 'POST',
      headers: endpoint.headers,
      // Only a configured `dimensions` is sent: models that cannot shorten vectors reject the field.
      body: JSON.stringify({
        model: endpoint.model,
        input,
        encoding_format: 'float',
        dimensions: endpoint.dimensions,
      }),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const reason =
      isRecord(error) && error['name'] === 'TimeoutError'
        ? `timed out after ${endpoint.timeoutMs} ms`
        : `failed: ${describeNetworkError(error)}`;
    throw new EmbeddingApiError(redact(`${request} ${reason}`, endpoint.apiKey), undefined, true);
  }
  if (!response.ok) {
    const message = `${request} answered ${response.status} ${response.statusText}: ${apiErrorMessage(text)}`;
    throw new EmbeddingApiError(
      redact(message, endpoint.apiKey),
      response.status,
      isRetryableStatus(response.status),
      {
        retryAfterMs: retryAfterMs(response.status, response.headers),
      },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EmbeddingApiError(
      `${request} answered ${response.status} with a body that is not JSON`,
      response.status,
      false,
    );
  }
  return unitVectors(body, input.length, dimensions, request);
}

/** Checks the answer holds one finite vector of the right length per input, and returns them in input order, normalised. */
function unitVectors(
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
function apiErrorMessage(text: string): string {
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

/** Duck-typed: errors from fetch may come from another realm (Jest's sandbox), so `instanceof Error` fails. */
function describeNetworkError(error: unknown): string {
  const message = (value: unknown) => (isRecord(value) ? String(value['message']) : String(value));
  // undici says only "fetch failed"; the cause names what failed (ECONNREFUSED, ...).
  const cause = isRecord(error) ? error['cause'] : undefined;
  return cause === undefined ? message(error) : `${message(error)} (${message(cause)})`;
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`embedding ${name} must be a positive integer`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`embedding ${name} must be a non-negative integer`);
  return value;
}

/** A counting semaphore: at most `size` tasks run at once, the rest wait in order. */
class RequestSlots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
