import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenAiFineTuningClientOptions } from './fine-tuning-endpoint';
import { FineTuningApiError, FineTuningMalformedAnswerError } from './fine-tuning.errors';
import { OpenAiFineTuningClient } from './openai-fine-tuning.client';
import { StandInFineTuningServer } from './stand-in-fine-tuning-server';

const API_KEY = 'sk-test-0123456789abcdef';
const MODEL = 'gpt-4o-mini-2024-07-18';
const JSONL = Array.from({ length: 10 }, (_, i) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `q${i}` },
      { role: 'assistant', content: `a${i}` },
    ],
  }),
).join('\n');

describe('OpenAiFineTuningClient', () => {
  let server: StandInFineTuningServer;
  let baseUrl: string;
  let close: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    server = new StandInFineTuningServer({ apiKey: API_KEY });
    ({ url: baseUrl, close } = await server.start());
  });
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** A client on the stand-in with fast retries. */
  function open(options: Partial<OpenAiFineTuningClientOptions> = {}) {
    return new OpenAiFineTuningClient({
      baseUrl,
      apiKey: API_KEY,
      retryBaseDelayMs: 2,
      retryMaxDelayMs: 10,
      ...options,
    });
  }

  async function uploadedJob(client: OpenAiFineTuningClient) {
    const file = await client.uploadFile(JSONL, 'train.jsonl');
    return client.createJob({ model: MODEL, trainingFile: file.id });
  }

  it('uploads the JSONL as a multipart fine-tune file with the bearer key and organisation', async () => {
    const file = await open({ organization: 'org-docs' }).uploadFile(JSONL, 'train.jsonl');
    expect(file).toMatchObject({
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      bytes: Buffer.byteLength(JSONL),
    });
    const [upload] = server.requests;
    expect(upload).toMatchObject({ method: 'POST', path: '/v1/files' });
    expect(upload!.upload).toEqual({ purpose: 'fine-tune', filename: 'train.jsonl', content: JSONL });
    expect(upload!.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(upload!.headers['openai-organization']).toBe('org-docs');
    expect(upload!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('creates a job with the options OpenAI names in snake case, then reads, lists events of and cancels it', async () => {
    const client = open();
    const file = await client.uploadFile(JSONL, 'train.jsonl');
    const created = await client.createJob({
      model: MODEL,
      trainingFile: file.id,
      suffix: 'docs',
      seed: 7,
      hyperparameters: { n_epochs: 2 },
    });
    expect(server.requests[1]!.json).toEqual({
      model: MODEL,
      training_file: file.id,
      suffix: 'docs',
      seed: 7,
      hyperparameters: { n_epochs: 2 },
    });
    expect(created).toMatchObject({
      model: MODEL,
      status: 'validating_files',
      trainingFile: file.id,
      seed: 7,
    });
    expect(created.error).toBeUndefined();
    await expect(client.getJob(created.id)).resolves.toMatchObject({ id: created.id, status: 'queued' });
    const events = await client.listEvents(created.id, 2);
    expect(events.map((event) => event.message)).toEqual([
      'Files validated, moving job to queued state',
      `Validating training file: ${file.id}`,
    ]);
    await expect(client.cancelJob(created.id)).resolves.toMatchObject({ status: 'cancelled' });
    expect(server.state.jobs.get(created.id)!.status).toBe('cancelled');
  });

  it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
    const client = open();
    server.enqueue({
      kind: 'reply',
      status: 429,
      headers: { 'retry-after': '0.05' },
      body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    });
    const job = await uploadedJob(client);
    expect(job.status).toBe('validating_files');
    const [throttled, retried] = server.requests;
    // Timers may fire up to 1 ms early; without the header the backoff would be 1–2 ms.
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(49);
    expect(server.requests.map((request) => request.route)).toEqual(['upload', 'upload', 'create']);
  });

  it('retries a 500 and a 409 on the route they hit, then succeeds', async () => {
    const client = open();
    server.enqueue(
      {
        kind: 'reply',
        status: 500,
        body: { error: { message: 'The server had an error', type: 'server_error' } },
      },
      { kind: 'reply', status: 409, route: 'create', body: { error: { message: 'conflict' } } },
    );
    await uploadedJob(client);
    expect(server.requests.map((request) => request.route)).toEqual(['upload', 'upload', 'create', 'create']);
  });

  it("fails a 400 at once with the API's message, status and code", async () => {
    const client = open();
    const file = await client.uploadFile(JSONL, 'train.jsonl');
    const error = await client
      .createJob({ model: 'gpt-nonexistent', trainingFile: file.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FineTuningApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'model_not_available',
      type: 'invalid_request_error',
      retryable: false,
    });
    expect((error as Error).message).toBe(
      `POST ${baseUrl}/fine_tuning/jobs answered 400 (model_not_available): ` +
        'Model gpt-nonexistent is not available for fine-tuning or does not exist.',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('fails a wrong key at once with a 401 that never shows the key', async () => {
    const wrongKey = 'sk-wrong-fedcba9876543210';
    const error = await open({ apiKey: wrongKey })
      .getJob('ftjob-1')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', retryable: false });
    const { message, stack } = error as Error;
    // The stand-in echoes the key it was sent, whole; the client must redact it.
    expect(message).toContain('Incorrect API key provided: [redacted]');
    expect(`${message}${stack}`).not.toContain(wrongKey);
    expect(server.requests).toHaveLength(1);
  });

  it('retries an answer that stalls past the timeout, then gives up after maxRetries saying so', async () => {
    const client = open({ timeoutMs: 100, maxRetries: 2 });
    server.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'stall' as const, ms: 2_000 })));
    const error = await client.getJob('ftjob-1').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect((error as Error).message).toBe(
      `fine-tuning request gave up after 3 attempts: GET ${baseUrl}/fine_tuning/jobs/ftjob-1 timed out after 100 ms`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('retries one stall and answers from the next attempt', async () => {
    const client = open({ timeoutMs: 100 });
    const job = await uploadedJob(client);
    server.enqueue({ kind: 'stall', ms: 2_000 });
    await expect(client.getJob(job.id)).resolves.toMatchObject({ id: job.id });
    expect(server.requests.filter((request) => request.route === 'get')).toHaveLength(2);
  });

  it('retries a refused connection, then gives up naming the cause', async () => {
    const client = open({ maxRetries: 1 });
    await close!();
    close = undefined;
    await expect(client.getJob('ftjob-1')).rejects.toThrow(
      /gave up after 2 attempts: GET .* failed: fetch failed \(.*ECONNREFUSED/,
    );
  });

  it('rejects, without retrying, a job whose status OpenAI does not have', async () => {
    const client = open();
    const job = await uploadedJob(client);
    server.enqueue({ kind: 'tamper', tamper: (answer) => ({ ...answer, status: 'exploded' }) });
    const error = await client.getJob(job.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FineTuningMalformedAnswerError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^GET ${baseUrl}/fine_tuning/jobs/${job.id} gave a malformed answer: status: Invalid option`,
      ),
    );
    expect(server.requests.filter((request) => request.route === 'get')).toHaveLength(1);
  });

  it('rejects an answer that is not JSON', async () => {
    server.enqueue({ kind: 'tamper', tamper: () => '<html>bad gateway</html>' });
    await expect(open().uploadFile(JSONL, 'train.jsonl')).rejects.toThrow(
      'answered 200 with a body that is not JSON',
    );
  });

  it('stops retrying when its signal aborts, rejecting with the reason', async () => {
    const client = open({ retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 });
    server.enqueue({ kind: 'reply', status: 503, body: {} });
    const controller = new AbortController();
    const pending = client.getJob('ftjob-1', { signal: controller.signal });
    while (server.requests.length === 0) await sleep(1);
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses impossible options before any request', () => {
    expect(() => open({ baseUrl: 'ftp://example.com' })).toThrow('must be http or https');
    expect(() => open({ apiKey: '' })).toThrow('apiKey must be given');
    expect(() => open({ maxRetries: -1 })).toThrow(RangeError);
  });
});
