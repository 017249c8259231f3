import type { EmbeddingProvider } from '../embedding-provider';
import { positiveInteger, toEndpoint, type Endpoint } from './embedding-endpoint';
import { postWithRetries } from './embedding-request';
import { RequestSlots } from './request-slots';

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
