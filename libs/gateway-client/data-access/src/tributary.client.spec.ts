import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentV1, SearchResponseV1 } from '@tributary/contracts';
import { TributaryClient } from './tributary.client';
import { TributaryApiError, TributaryTimeoutError } from './tributary-api.errors';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Recorded, response: ServerResponse) => void;

const queryId = '9b2f1c4e-0b7a-4d2e-9c1a-3f5e6d7c8b9a';
const apiKey = 'trb_0123456789ab_secret';

function page(docIds: string[], nextCursor?: string): SearchResponseV1 {
  const hits = docIds.map((docId) => ({
    source: 'docs',
    docId,
    title: docId,
    uri: `file:///${docId}`,
    score: 1,
    snippet: docId,
    chunks: [],
  }));
  return { queryId, tookMs: 3, mode: 'hybrid', hits, ...(nextCursor && { nextCursor }) };
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  response.writeHead(status, { 'content-type': type, ...headers }).end(JSON.stringify(body));
}

const problem = (status: number, title: string, detail: string, extra: object = {}) => ({
  type: `https://tributary.dev/problems/http-${status}`,
  title,
  status,
  detail,
  instance: '/v1/search',
  ...extra,
});

describe('TributaryClient', () => {
  let server: Server;
  let origin: string;
  let handler: Handler;
  let requests: Recorded[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(recorded);
        handler(recorded, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    requests = [];
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (options: Partial<ConstructorParameters<typeof TributaryClient>[0]> = {}) =>
    new TributaryClient({ baseUrl: `${origin}/`, apiKey, ...options });

  it('searches with the bearer key and a JSON body, and returns the parsed page', async () => {
    handler = (_, response) => reply(response, 200, page(['a.md']));

    const result = await client().search({ query: 'kafka ordering', topK: 3, filter: { source: 'docs' } });

    expect(result.hits.map((hit) => hit.docId)).toEqual(['a.md']);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/v1/search' });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[0]!.body)).toEqual({
      query: 'kafka ordering',
      topK: 3,
      filter: { source: 'docs' },
    });
  });

  it('sends through the fetch it is given', async () => {
    handler = (_, response) => reply(response, 200, { status: 'alive' });
    const urls: string[] = [];
    const recording: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };

    await client({ fetch: recording }).health();

    expect(urls).toEqual([`${origin}/healthz`]);
  });

  it('throws TributaryApiError carrying the status and the problem+json body', async () => {
    const body = problem(400, 'Invalid request', 'The search request is invalid: topK: too big', {
      errors: ['topK: too big'],
    });
    handler = (_, response) => reply(response, 400, body);

    const error = await client()
      .search({ query: 'x', topK: 1000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TributaryApiError);
    expect(error).toMatchObject({ status: 400, problem: body, retryAfterSeconds: undefined });
    expect((error as Error).message).toBe(
      '400 Invalid request: The search request is invalid: topK: too big',
    );
  });

  it('turns an error that is not problem+json (a proxy page) into a problem', async () => {
    handler = (_, response) =>
      response.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<h1>upstream down</h1>');

    await expect(client().search({ query: 'x' })).rejects.toMatchObject({
      status: 502,
      problem: {
        title: 'Bad Gateway',
        status: 502,
        detail: '<h1>upstream down</h1>',
        instance: '/v1/search',
      },
    });
  });

  it('throws a 429 at once with its Retry-After when retries are off (the default)', async () => {
    handler = (_, response) =>
      reply(response, 429, problem(429, 'Too Many Requests', 'slow down'), { 'retry-after': '7' });

    await expect(client().search({ query: 'x' })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 7,
    });
    expect(requests).toHaveLength(1);
  });

  it('retries a 429 after the Retry-After it names, then returns the answer', async () => {
    let calls = 0;
    handler = (_, response) => {
      calls += 1;
      if (calls === 1)
        return reply(response, 429, problem(429, 'Too Many Requests', 'wait'), { 'retry-after': '1' });
      reply(response, 200, page(['a.md']));
    };
    const started = Date.now();

    const result = await client({ rateLimitRetries: 2 }).search({ query: 'x' });

    expect(result.hits).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after rateLimitRetries retries, and at once when Retry-After exceeds maxRetryDelayMs', async () => {
    handler = (_, response) =>
      reply(response, 429, problem(429, 'Too Many Requests', 'wait'), { 'retry-after': '0' });
    await expect(client({ rateLimitRetries: 2 }).search({ query: 'x' })).rejects.toMatchObject({
      status: 429,
    });
    expect(requests).toHaveLength(3);

    requests = [];
    handler = (_, response) =>
      reply(response, 429, problem(429, 'Too Many Requests', 'wait'), { 'retry-after': '120' });
    const started = Date.now();
    await expect(
      client({ rateLimitRetries: 5, maxRetryDelayMs: 10_000 }).search({ query: 'x' }),
    ).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out when no answer comes, and when the body stalls after the headers', async () => {
    handler = () => undefined;
    const started = Date.now();
    const silent = await client({ timeoutMs: 150 })
      .search({ query: 'x' })
      .catch((caught: unknown) => caught);
    expect(silent).toBeInstanceOf(TributaryTimeoutError);
    expect(silent).toMatchObject({ method: 'POST', path: '/v1/search', timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(2000);

    handler = (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"queryId":');
    };
    await expect(client({ timeoutMs: 150 }).search({ query: 'x' })).rejects.toBeInstanceOf(
      TributaryTimeoutError,
    );
  });

  it('follows nextCursor through every page with the request otherwise unchanged', async () => {
    const pages: Record<string, SearchResponseV1> = {
      first: page(['a.md', 'b.md'], 'c1'),
      c1: page(['c.md', 'd.md'], 'c2'),
      c2: page(['e.md']),
    };
    handler = (request, response) => {
      const cursor = (JSON.parse(request.body) as { cursor?: string }).cursor ?? 'first';
      reply(response, 200, pages[cursor]);
    };

    const seen: string[] = [];
    for await (const result of client().searchPages({ query: 'kafka', topK: 2, mode: 'bm25' }))
      seen.push(...result.hits.map((hit) => hit.docId));

    expect(seen).toEqual(['a.md', 'b.md', 'c.md', 'd.md', 'e.md']);
    expect(requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      { query: 'kafka', topK: 2, mode: 'bm25' },
      { query: 'kafka', topK: 2, mode: 'bm25', cursor: 'c1' },
      { query: 'kafka', topK: 2, mode: 'bm25', cursor: 'c2' },
    ]);
  });

  it('reads a document by percent-encoded source and docId, and answers undefined on 404', async () => {
    const document: DocumentV1 = {
      source: 'docs',
      docId: 'guides/a b.md',
      title: 'A',
      uri: 'file:///guides/a b.md',
      version: 3,
      metadata: {},
      model: 'hashing-placeholder-v2',
      indexedAt: '2026-01-01T00:00:00.000Z',
      chunks: [{ chunk: 0, text: 'hello' }],
    };
    handler = (request, response) =>
      request.url === '/v1/documents/docs/guides%2Fa%20b.md'
        ? reply(response, 200, document)
        : reply(response, 404, problem(404, 'Not Found', 'no such document'));

    expect(await client().getDocument('docs', 'guides/a b.md')).toEqual(document);
    expect(await client().getDocument('docs', 'missing.md')).toBeUndefined();
    expect(requests.map((request) => [request.method, request.headers.authorization])).toEqual([
      ['GET', `Bearer ${apiKey}`],
      ['GET', `Bearer ${apiKey}`],
    ]);
  });

  it('still throws other errors of a document lookup', async () => {
    handler = (_, response) => reply(response, 403, problem(403, 'Forbidden', 'lacks the "search" scope'));
    await expect(client().getDocument('docs', 'a.md')).rejects.toMatchObject({ status: 403 });
  });

  it('sends feedback and pushed changes, returning the 202 bodies', async () => {
    handler = (request, response) =>
      request.url === '/v1/feedback'
        ? reply(response, 202, { feedbackId: 'f-1' })
        : reply(response, 202, { accepted: [{ source: 'tickets', docId: 'T-0', op: 'delete', version: 9 }] });

    const feedback = await client().feedback({ queryId, source: 'docs', docId: 'a.md', label: 'thumbs_up' });
    const ingested = await client().ingest([{ op: 'delete', source: 'tickets', docId: 'T-0', version: 9 }]);

    expect(feedback).toEqual({ feedbackId: 'f-1' });
    expect(ingested.accepted[0]).toMatchObject({ docId: 'T-0', version: 9 });
    expect(requests.map((request) => [request.url, JSON.parse(request.body) as unknown])).toEqual([
      ['/v1/feedback', { queryId, source: 'docs', docId: 'a.md', label: 'thumbs_up' }],
      ['/v1/ingest', { changes: [{ op: 'delete', source: 'tickets', docId: 'T-0', version: 9 }] }],
    ]);
  });

  it('checks health and readiness without sending the API key; not ready throws 503', async () => {
    handler = (request, response) =>
      request.url === '/healthz'
        ? reply(response, 200, { status: 'alive' })
        : reply(response, 503, problem(503, 'Service Unavailable', 'redis is down'));

    expect(await client().health()).toEqual({ status: 'alive' });
    await expect(client().ready()).rejects.toMatchObject({ status: 503 });
    expect(requests.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/healthz', undefined],
      ['/readyz', undefined],
    ]);
  });
});
