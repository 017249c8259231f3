import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The body of an OpenAI embeddings request, as the stand-in received it. */
export interface StandInEmbeddingRequestBody {
  model?: unknown;
  input?: unknown;
  encoding_format?: unknown;
  dimensions?: unknown;
}

export interface RecordedEmbeddingRequest {
  /** Path with query, e.g. `/v1/embeddings?api-version=2024-02-01`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: StandInEmbeddingRequestBody;
  /** `performance.now()` when the body had arrived. */
  at: number;
}

/** What the stand-in would have answered: OpenAI's shape. */
export interface StandInEmbeddingAnswer {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** How the stand-in treats the next request instead of answering it normally. */
export type ScriptedResponse =
  /** This status, headers and body (an object is sent as JSON). */
  | { kind: 'reply'; status: number; headers?: Record<string, string>; body?: string | object }
  /** The normal answer, but only after `ms`: longer than the client's timeout, it is a timeout. */
  | { kind: 'stall'; ms: number }
  /** Status 200 with what `tamper` makes of the normal answer (a string is sent as it is). */
  | { kind: 'tamper'; tamper: (answer: StandInEmbeddingAnswer) => unknown };

export interface StandInEmbeddingServerOptions {
  /** Vector length when the request names none. Default 8. */
  dimensions?: number;
  /** Answer a request's `dimensions` as OpenAI's text-embedding-3 models do. Default true. */
  honourRequestedDimensions?: boolean;
  /** Wait this long before every normal answer, so concurrent requests overlap. Default 0. */
  delayMs?: number;
}

/** A deterministic, unnormalised vector for a text: the same text always gets the same one. */
export function standInEmbedding(text: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193);
  return Array.from({ length: dimensions }, () => {
    // xorshift32: cheap and spreads the seed over every component.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0x100000000) * 4 - 2;
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

/**
 * Imitates `POST /embeddings` of an OpenAI-compatible API on 127.0.0.1 for tests:
 * records every request, counts how many were in flight at once, and plays a
 * queue of scripted failures before answering normally again.
 */
export class StandInEmbeddingServer {
  readonly requests: RecordedEmbeddingRequest[] = [];
  /** The most requests that were being answered at the same time. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly script: ScriptedResponse[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: StandInEmbeddingServerOptions = {}) {}

  /** Queues responses for the next requests, in order. */
  enqueue(...responses: ScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  /** Listens on an ephemeral port; `url` is the base URL to give a client (it ends in `/v1`). */
  async start(): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((request, response) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      response.on('close', () => this.inFlight--);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request.url ?? '/', request.headers, chunks, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v1`,
      close: async () => {
        this.timers.forEach(clearTimeout);
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
      },
    };
  }

  private handle(path: string, headers: IncomingHttpHeaders, chunks: Buffer[], response: ServerResponse) {
    let body: StandInEmbeddingRequestBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as StandInEmbeddingRequestBody;
    } catch {
      return send(response, 400, { error: { message: 'request body is not JSON' } });
    }
    this.requests.push({ path, headers, body, at: performance.now() });
    if (!new URL(path, 'http://stand-in').pathname.endsWith('/embeddings')) {
      return send(response, 404, { error: { message: `no route for ${path}` } });
    }
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || !input.every((text): text is string => typeof text === 'string')) {
      return send(response, 400, { error: { message: "'input' must be a string or an array of strings" } });
    }
    const scripted = this.script.shift();
    if (scripted?.kind === 'reply')
      return send(response, scripted.status, scripted.body ?? '', scripted.headers);
    const answer = this.answer(body, input);
    const delayMs = scripted?.kind === 'stall' ? scripted.ms : (this.options.delayMs ?? 0);
    const reply = () => send(response, 200, scripted?.kind === 'tamper' ? scripted.tamper(answer) : answer);
    if (delayMs === 0) return reply();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!response.destroyed) reply();
    }, delayMs);
    this.timers.add(timer);
  }

  private answer(body: StandInEmbeddingRequestBody, input: string[]): StandInEmbeddingAnswer {
    const requested = typeof body.dimensions === 'number' ? body.dimensions : undefined;
    const honour = this.options.honourRequestedDimensions ?? true;
    const dimensions = (honour ? requested : undefined) ?? this.options.dimensions ?? 8;
    const tokens = input.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    return {
      object: 'list',
      data: input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: standInEmbedding(text, dimensions),
      })),
      model: typeof body.model === 'string' ? body.model : 'unknown',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  }
}
