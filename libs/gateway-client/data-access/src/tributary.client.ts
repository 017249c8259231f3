import type { z } from 'zod';
import type {
  DocumentV1,
  FeedbackRequestV1,
  FeedbackResponseV1,
  ingestRequestV1Schema,
  IngestResponseV1,
  SearchRequestV1,
  SearchResponseV1,
} from '@tributary/contracts';
import { parseRetryAfter } from './retry-after';
import { TributaryApiError, TributaryTimeoutError, type ProblemDetails } from './tributary-api.errors';

/** A change as a caller sends it to `POST /v1/ingest` (defaulted fields may be left out). */
export type PushedChangeInputV1 = z.input<typeof ingestRequestV1Schema>['changes'][number];

export interface GatewayReadiness {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

export interface TributaryClientOptions {
  /** The gateway's origin, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` to the /v1 routes. */
  apiKey: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per attempt, reading the response body included. Default 30 s. */
  timeoutMs?: number;
  /** How many times a 429 is retried after its Retry-After. Default 0: a 429 throws at once. */
  rateLimitRetries?: number;
  /** A 429 asking to wait longer than this throws instead. Default 60 s. */
  maxRetryDelayMs?: number;
}

type Method = 'GET' | 'POST';

/**
 * The query gateway over HTTP. Responses are typed from the contracts but not
 * validated again here, so the client carries no schema library at run time.
 */
export class TributaryClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly rateLimitRetries: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: TributaryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Called unbound: a browser's fetch refuses any `this` but the window.
    this.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.rateLimitRetries = options.rateLimitRetries ?? 0;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  }

  search(request: SearchRequestV1): Promise<SearchResponseV1> {
    return this.request('POST', '/v1/search', request);
  }

  /** Every page of a search, following `nextCursor` until the last page. */
  async *searchPages(request: SearchRequestV1): AsyncGenerator<SearchResponseV1, void, undefined> {
    let page = await this.search(request);
    yield page;
    while (page.nextCursor !== undefined) {
      page = await this.search({ ...request, cursor: page.nextCursor });
      yield page;
    }
  }

  /** The document as indexed; undefined when it does not exist or this key may not see it. */
  async getDocument(source: string, docId: string): Promise<DocumentV1 | undefined> {
    const path = `/v1/documents/${encodeURIComponent(source)}/${encodeURIComponent(docId)}`;
    try {
      return await this.request<DocumentV1>('GET', path);
    } catch (error) {
      if (error instanceof TributaryApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  feedback(request: FeedbackRequestV1): Promise<FeedbackResponseV1> {
    return this.request('POST', '/v1/feedback', request);
  }

  /** Resolves once Kafka acknowledged every change (at most 100 a call). */
  ingest(changes: readonly PushedChangeInputV1[]): Promise<IngestResponseV1> {
    return this.request('POST', '/v1/ingest', { changes });
  }

  health(): Promise<{ status: 'alive' }> {
    return this.request('GET', '/healthz');
  }

  /** Throws TributaryApiError (503) while a dependency is down. */
  ready(): Promise<GatewayReadiness> {
    return this.request('GET', '/readyz');
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    for (let retries = 0; ; retries++) {
      try {
        return await this.attempt<T>(method, path, body);
      } catch (error) {
        const delayMs = this.rateLimitDelayMs(error, retries);
        if (delayMs === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** How long to wait before retrying a 429, or undefined when it must not be retried. */
  private rateLimitDelayMs(error: unknown, retries: number): number | undefined {
    if (!(error instanceof TributaryApiError) || error.status !== 429) return undefined;
    if (retries >= this.rateLimitRetries) return undefined;
    // The gateway always sends Retry-After; a 429 without one (from a proxy) waits a second.
    const delayMs = (error.retryAfterSeconds ?? 1) * 1000;
    return delayMs <= this.maxRetryDelayMs ? delayMs : undefined;
  }

  private async attempt<T>(method: Method, path: string, body: unknown): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers: this.headers(path, body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as T;
      throw new TributaryApiError(
        response.status,
        toProblem(response, text, path),
        parseRetryAfter(response.headers.get('retry-after')),
      );
    } catch (error) {
      if (signal.aborted && !(error instanceof TributaryApiError))
        throw new TributaryTimeoutError(method, path, this.timeoutMs);
      throw error;
    }
  }

  private headers(path: string, hasBody: boolean): Record<string, string> {
    return {
      accept: 'application/json, application/problem+json',
      ...(hasBody && { 'content-type': 'application/json' }),
      ...(path.startsWith('/v1/') && { authorization: `Bearer ${this.options.apiKey}` }),
    };
  }
}

/** The gateway's problem+json body; anything else (a proxy's HTML page) becomes one. */
function toProblem(response: Response, text: string, path: string): ProblemDetails {
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      const body = JSON.parse(text) as Partial<ProblemDetails>;
      if (typeof body.title === 'string' && typeof body.detail === 'string')
        return { type: 'about:blank', instance: path, ...body, status: response.status } as ProblemDetails;
    } catch {
      // Falls through to the generic problem below.
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text.slice(0, 500),
    instance: path,
  };
}
