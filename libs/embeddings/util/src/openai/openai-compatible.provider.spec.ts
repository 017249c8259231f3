import { EmbeddingApiError } from './embedding-api-error';
import {
  type OpenAiCompatibleEmbeddingOptions,
  OpenAiCompatibleEmbeddingProvider,
} from './openai-compatible.provider';
import { backoffDelayMs, retryAfterMs } from './retry-policy';
import {
  type StandInEmbeddingAnswer,
  type StandInEmbeddingServerOptions,
  StandInEmbeddingServer,
  standInEmbedding,
} from './stand-in-embedding-server';

const API_KEY = 'sk-test-0123456789abcdef';

function unit(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return vector.map((value) => value / norm);
}

function expectEmbeddingOf(actual: number[] | undefined, text: string, dimensions = 8) {
  const expected = unit(standInEmbedding(text, dimensions));
  expect(actual).toHaveLength(dimensions);
  actual!.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
}

describe('OpenAiCompatibleEmbeddingProvider', () => {
  let server: StandInEmbeddingServer;
  let baseUrl: string;
  let close: (() => Promise<void>) | undefined;

  async function serve(options: StandInEmbeddingServerOptions = {}) {
    server = new StandInEmbeddingServer(options);
    ({ url: baseUrl, close } = await server.start());
  }

  /** Opens a provider on the stand-in with fast retries; the probe is request 0. */
  function open(options: Partial<OpenAiCompatibleEmbeddingOptions> = {}) {
    return OpenAiCompatibleEmbeddingProvider.open({
      baseUrl,
      apiKey: API_KEY,
      model: 'text-embedding-3-small',
      retryBaseDelayMs: 2,
      retryMaxDelayMs: 10,
      ...options,
    });
  }

  /** The requests after the probe. */
  const sent = () => server.requests.slice(1);

  beforeEach(() => serve());
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('learns its dimensions from one probe request and names itself after the model', async () => {
    await close!();
    await serve({ dimensions: 12 });
    const provider = await open();
    expect(provider.modelId).toBe('openai:text-embedding-3-small');
    expect(provider.dimensions).toBe(12);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['dimension probe'],
      encoding_format: 'float',
    });
  });

  it('splits 150 documents into requests of at most 64 and returns unit vectors in input order', async () => {
    const provider = await open({ batchSize: 64 });
    const texts = Array.from({ length: 150 }, (_, i) => `document number ${i}`);
    const vectors = await provider.embedDocuments(texts);
    expect(sent().map((request) => (request.body.input as string[]).length)).toEqual([64, 64, 22]);
    // The learned dimensions are checked, never sent: ada-002 and others reject the field.
    expect(sent()[0]!.body).not.toHaveProperty('dimensions');
    expect(vectors).toHaveLength(150);
    texts.forEach((text, i) => expectEmbeddingOf(vectors[i], text));
  });

  it('sends the key as a bearer token by default', async () => {
    await open();
    expect(server.requests[0]!.path).toBe('/v1/embeddings');
    expect(server.requests[0]!.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0]!.headers['api-key']).toBeUndefined();
  });

  it("sends Azure's api-key header and api-version query in azure style", async () => {
    await open({ headers: 'azure', apiVersion: '2024-02-01' });
    expect(server.requests[0]!.path).toBe('/v1/embeddings?api-version=2024-02-01');
    expect(server.requests[0]!.headers['api-key']).toBe(API_KEY);
    expect(server.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('asks for the configured dimensions in the probe and in every request after it', async () => {
    const provider = await open({ dimensions: 16 });
    expect(provider.dimensions).toBe(16);
    expectEmbeddingOf(await provider.embedQuery('sixteen'), 'sixteen', 16);
    expect(server.requests.map((request) => request.body.dimensions)).toEqual([16, 16]);
  });

  it('refuses to open when the model answers other dimensions than asked for', async () => {
    await close!();
    await serve({ dimensions: 8, honourRequestedDimensions: false });
    await expect(open({ dimensions: 16 })).rejects.toThrow('embedding 0 has 8 dimensions, expected 16');
  });

  it("waits as long as a 429's Retry-After asks before retrying", async () => {
    const provider = await open();
    server.enqueue({ kind: 'reply', status: 429, headers: { 'retry-after': '0.05' }, body: {} });
    expectEmbeddingOf(await provider.embedQuery('throttled'), 'throttled');
    const [throttled, retried] = sent();
    // Timers may fire up to 1 ms early; the backoff without the header would be 1–2 ms.
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(49);
  });

  it("waits as long as a 503's retry-after-ms asks before retrying", async () => {
    const provider = await open();
    server.enqueue({ kind: 'reply', status: 503, headers: { 'retry-after-ms': '60' }, body: {} });
    await provider.embedQuery('unavailable');
    const [refused, retried] = sent();
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(59);
  });

  it('retries a 500 and then succeeds', async () => {
    const provider = await open();
    server.enqueue({ kind: 'reply', status: 500, body: { error: { message: 'overloaded' } } });
    expectEmbeddingOf(await provider.embedQuery('second time lucky'), 'second time lucky');
    expect(sent()).toHaveLength(2);
  });

  it("does not retry a 401, and names the status, the URL and the API's message but never the key", async () => {
    const provider = await open();
    const message = `Incorrect API key provided: ${API_KEY}`;
    server.enqueue({ kind: 'reply', status: 401, body: { error: { message } } });
    const error = await provider.embedQuery('denied').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingApiError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    const { message: text } = error as EmbeddingApiError;
    expect(text).toContain(`POST ${baseUrl}/embeddings answered 401`);
    expect(text).toContain('Incorrect API key provided: [redacted]');
    expect(text).not.toContain(API_KEY);
    expect(sent()).toHaveLength(1);
  });

  it('retries a timeout, then gives up after maxRetries with an error that says so', async () => {
    const provider = await open({ timeoutMs: 100, maxRetries: 2 });
    server.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'stall' as const, ms: 2_000 })));
    const error = await provider.embedQuery('slow').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect((error as Error).message).toBe(
      `embedding request gave up after 3 attempts: POST ${baseUrl}/embeddings timed out after 100 ms`,
    );
    expect(sent()).toHaveLength(3);
  });

  it('retries a refused connection, then gives up naming the cause', async () => {
    const provider = await open({ maxRetries: 1 });
    await close!();
    close = undefined;
    await expect(provider.embedQuery('nobody home')).rejects.toThrow(
      /gave up after 2 attempts: POST .* failed: fetch failed \(.*ECONNREFUSED/,
    );
  });

  const answers: [string, (answer: StandInEmbeddingAnswer) => unknown, string][] = [
    ['misses an embedding', (a) => ({ ...a, data: a.data.slice(1) }), '1 embeddings for 2 inputs'],
    [
      'repeats an index',
      (a) => ({ ...a, data: a.data.map((item) => ({ ...item, index: 0 })) }),
      'index 0 appears twice',
    ],
    [
      'names an index out of range',
      (a) => ({ ...a, data: a.data.map((item) => ({ ...item, index: item.index + 1 })) }),
      'index 2 is not one of 0..1',
    ],
    [
      'has a vector of the wrong length',
      (a) => ({ ...a, data: a.data.map((item) => ({ ...item, embedding: item.embedding.slice(1) })) }),
      'embedding 0 has 7 dimensions, expected 8',
    ],
    [
      'has a value that is not a number',
      (a) => ({
        ...a,
        data: a.data.map((item) => ({ ...item, embedding: [null, ...item.embedding.slice(1)] })),
      }),
      'embedding 0 holds a value that is not a finite number',
    ],
    [
      'sends base64 instead of floats',
      (a) => ({ ...a, data: a.data.map((item) => ({ ...item, embedding: 'AAAA' })) }),
      'embedding 0 is not an array of numbers',
    ],
    ['is not JSON', () => '<html>bad gateway</html>', 'answered 200 with a body that is not JSON'],
  ];

  it.each(answers)('rejects, without retrying, an answer that %s', async (_, tamper, why) => {
    const provider = await open();
    server.enqueue({ kind: 'tamper', tamper });
    await expect(provider.embedDocuments(['first', 'second'])).rejects.toThrow(why);
    expect(sent()).toHaveLength(1);
  });

  it('keeps at most maxConcurrency requests in flight, across calls', async () => {
    await close!();
    await serve({ delayMs: 20 });
    const provider = await open({ batchSize: 10, maxConcurrency: 3 });
    const texts = Array.from({ length: 100 }, (_, i) => `text ${i}`);
    await Promise.all([provider.embedDocuments(texts), provider.embedQuery('a'), provider.embedQuery('b')]);
    expect(sent()).toHaveLength(12);
    expect(server.maxInFlight).toBe(3);
  });

  it('puts the query prefix before queries and the document prefix before documents', async () => {
    const provider = await open({ queryPrefix: 'query: ', documentPrefix: 'passage: ' });
    const query = await provider.embedQuery('kafka ordering');
    const [document] = await provider.embedDocuments(['kafka keeps order per partition']);
    expect(sent().map((request) => request.body.input)).toEqual([
      ['query: kafka ordering'],
      ['passage: kafka keeps order per partition'],
    ]);
    expectEmbeddingOf(query, 'query: kafka ordering');
    expectEmbeddingOf(document, 'passage: kafka keeps order per partition');
  });

  it('embeds no documents without a request', async () => {
    const provider = await open();
    await expect(provider.embedDocuments([])).resolves.toEqual([]);
    expect(sent()).toHaveLength(0);
  });

  it('rejects impossible options before any request', async () => {
    await expect(open({ batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(open({ baseUrl: 'ftp://example.com' })).rejects.toThrow('must be http or https');
    expect(server.requests).toHaveLength(0);
  });
});

describe('retry policy', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('reads Retry-After as seconds or as an HTTP date, and only on 429 and 503', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(429, headers({ 'retry-after': '2' }), now)).toBe(2_000);
    expect(retryAfterMs(503, headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3_000);
    expect(retryAfterMs(429, headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(500, headers({ 'retry-after': '2' }), now)).toBeUndefined();
  });

  it('prefers retry-after-ms and caps what a server may ask at a minute', () => {
    expect(retryAfterMs(429, headers({ 'retry-after-ms': '120', 'retry-after': '1' }))).toBe(120);
    expect(retryAfterMs(429, headers({ 'retry-after': '86400' }))).toBe(60_000);
  });

  it('doubles the backoff window per attempt up to the cap, jittering its upper half', () => {
    expect(backoffDelayMs(0, 250, 10_000, () => 0)).toBe(125);
    expect(backoffDelayMs(0, 250, 10_000, () => 1)).toBe(250);
    expect(backoffDelayMs(3, 250, 10_000, () => 1)).toBe(2_000);
    expect(backoffDelayMs(10, 250, 10_000, () => 1)).toBe(10_000);
  });
});
