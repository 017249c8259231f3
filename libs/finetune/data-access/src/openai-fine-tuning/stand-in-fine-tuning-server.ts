import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StandInAnswer, apiError } from './stand-in-api-objects';
import { StandInFineTuningJobs } from './stand-in-fine-tuning-jobs';
import {
  type StandInRoute,
  type StandInUpload,
  answerCreate,
  authenticationFailure,
  answerJob,
  answerUpload,
  routeOf,
} from './stand-in-fine-tuning-routes';
import { readUpload, send } from './stand-in-http';
import type { StandInJobOutcome } from './stand-in-job';

export interface RecordedFineTuningRequest {
  method: string;
  /** Path with query, e.g. `/v1/fine_tuning/jobs/ftjob-000002/events?limit=100`. */
  path: string;
  /** Undefined for a path the stand-in does not serve. */
  route: StandInRoute | undefined;
  headers: IncomingHttpHeaders;
  /** A JSON body, parsed. */
  json?: unknown;
  /** A multipart upload's purpose, file name and file text. */
  upload?: StandInUpload;
  /** `performance.now()` when the body had arrived. */
  at: number;
}

/** How the stand-in treats the next request (to `route`, when named) instead of answering it normally. */
export type StandInScriptedResponse = { route?: StandInRoute } & (
  | { kind: 'reply'; status: number; headers?: Record<string, string>; body?: string | object }
  /** Handles the request after `ms`, if the client still waits: longer than its timeout, it is a timeout. */
  | { kind: 'stall'; ms: number }
  /** Status 200 with what `tamper` makes of the normal answer (a string is sent as it is). */
  | { kind: 'tamper'; tamper: (answer: Record<string, unknown>) => unknown }
);

export interface StandInFineTuningServerOptions {
  /** The one key accepted as a bearer token. Default `sk-stand-in`. */
  apiKey?: string;
  /** Base models that can be fine-tuned; the stand-in's own fine-tuned models can be, too. */
  models?: readonly string[];
  /** Polls of a job that validating_files, queued and running each last. Default 1. */
  pollsPerStatus?: number;
  /** When set, each of those statuses lasts this long instead, whether polled or not. */
  msPerStatus?: number;
}

export const STAND_IN_MODELS = ['gpt-4o-mini-2024-07-18', 'gpt-4.1-mini-2025-04-14', 'gpt-3.5-turbo-0125'];

/**
 * Imitates OpenAI's files and fine-tuning endpoints on 127.0.0.1 for tests: bearer
 * auth, multipart uploads, jobs that move validating_files → queued → running →
 * succeeded (or fail or get cancelled as scripted), and their events. It records every
 * request and plays a queue of scripted failures before answering normally again.
 * A training file is accepted at upload whatever its lines hold and checked while
 * the job validates, which then fails with `invalid_training_file`, as OpenAI does.
 */
export class StandInFineTuningServer {
  readonly requests: RecordedFineTuningRequest[] = [];
  readonly state: StandInFineTuningJobs;
  readonly apiKey: string;
  private readonly models: ReadonlySet<string>;
  private readonly script: StandInScriptedResponse[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: StandInFineTuningServerOptions = {}) {
    this.apiKey = options.apiKey ?? 'sk-stand-in';
    this.models = new Set(options.models ?? STAND_IN_MODELS);
    this.state = new StandInFineTuningJobs({
      pollsPerStatus: options.pollsPerStatus ?? 1,
      msPerStatus: options.msPerStatus,
    });
  }

  /** Queues responses for the next requests, in order; one naming a route waits for a request to it. */
  enqueue(...responses: StandInScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  /** How the next created jobs end, in order; unscripted jobs succeed. */
  scriptJobOutcomes(...outcomes: StandInJobOutcome[]): this {
    this.state.scriptOutcomes(...outcomes);
    return this;
  }

  /** Listens on an ephemeral port; `url` is the base URL to give a client (it ends in `/v1`). */
  async start(): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.handle(request, Buffer.concat(chunks), response).catch((error: unknown) =>
          send(response, apiError(500, `stand-in failed: ${String(error)}`, { type: 'server_error' })),
        );
      });
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

  private async handle(request: IncomingMessage, raw: Buffer, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const routed = routeOf(method, url.pathname);
    const recorded: RecordedFineTuningRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      route: routed?.route,
      headers: request.headers,
      at: performance.now(),
    };
    this.requests.push(recorded);
    try {
      if (routed?.route === 'upload') recorded.upload = await readUpload(request.headers, raw);
      else if (raw.length > 0) recorded.json = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(response, apiError(400, 'We could not parse the body of your request.'));
    }
    const denied = authenticationFailure(this.apiKey, request.headers['authorization']);
    if (denied) return send(response, denied);
    const scripted = this.takeScripted(routed?.route);
    if (scripted?.kind === 'reply') {
      return send(response, {
        status: scripted.status,
        body: scripted.body ?? '',
        headers: scripted.headers,
      });
    }
    if (scripted?.kind === 'stall') await this.pause(scripted.ms);
    if (response.destroyed) return;
    const answer = this.answer(routed, recorded, url.searchParams);
    if (scripted?.kind === 'tamper' && answer.status === 200) {
      answer.body = scripted.tamper(answer.body as Record<string, unknown>);
    }
    send(response, answer);
  }

  private answer(
    routed: ReturnType<typeof routeOf>,
    recorded: RecordedFineTuningRequest,
    query: URLSearchParams,
  ): StandInAnswer {
    if (!routed) return apiError(404, `Invalid URL (${recorded.method} ${recorded.path})`);
    switch (routed.route) {
      case 'upload':
        return answerUpload(
          this.state,
          recorded.upload ?? { purpose: undefined, filename: undefined, content: undefined },
        );
      case 'create':
        return answerCreate(this.state, this.models, recorded.json);
      case 'get':
      case 'cancel':
      case 'events':
        return answerJob(this.state, routed.route, routed.jobId, query);
    }
  }

  private takeScripted(route: StandInRoute | undefined): StandInScriptedResponse | undefined {
    const index = this.script.findIndex((entry) => entry.route === undefined || entry.route === route);
    return index < 0 ? undefined : this.script.splice(index, 1)[0];
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
