import {
  FineTuneAbortedError,
  FineTuneJobCancelledError,
  FineTuneJobFailedError,
  FineTuneTimeoutError,
  FineTuningMalformedAnswerError,
  TrainingExamplesError,
} from './fine-tuning.errors';
import { OpenAiFineTuningClient } from './openai-fine-tuning.client';
import { type OpenAiFineTuneOptions, runOpenAiFineTune } from './run-openai-fine-tune';
import { StandInFineTuningServer, type StandInFineTuningServerOptions } from './stand-in-fine-tuning-server';
import type { ChatExample } from './training-file';

const API_KEY = 'sk-test-0123456789abcdef';
const MODEL = 'gpt-4o-mini-2024-07-18';

const examples = (count = 10): ChatExample[] =>
  Array.from({ length: count }, (_, i) => ({
    messages: [
      { role: 'system', content: 'Answer from the context.' },
      { role: 'user', content: `Context:\nKafka keeps order per partition ${i}.\n\nQuestion: order ${i}?` },
      { role: 'assistant', content: `Kafka keeps order per partition ${i}.` },
    ],
  }));

describe('runOpenAiFineTune', () => {
  let server: StandInFineTuningServer;
  let client: OpenAiFineTuningClient;
  let close: () => Promise<void>;

  async function serve(options: StandInFineTuningServerOptions = {}) {
    server = new StandInFineTuningServer({ apiKey: API_KEY, ...options });
    const started = await server.start();
    close = started.close;
    client = new OpenAiFineTuningClient({
      baseUrl: started.url,
      apiKey: API_KEY,
      retryBaseDelayMs: 2,
      retryMaxDelayMs: 10,
    });
  }

  const run = (options: Partial<OpenAiFineTuneOptions> = {}) =>
    runOpenAiFineTune(client, { examples: examples(), model: MODEL, pollIntervalMs: 2, ...options });
  const routes = () => server.requests.map((request) => request.route);

  beforeEach(() => serve());
  afterEach(() => close());

  it('uploads the examples as chat JSONL, trains the named model and returns the fine-tuned model', async () => {
    const progress: string[] = [];
    const result = await run({
      suffix: 'docs',
      seed: 3,
      nEpochs: 2,
      onProgress: (status) => progress.push(status),
    });
    const upload = server.requests[0]!.upload!;
    expect(
      upload
        .content!.trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(examples());
    expect(server.requests[1]!.json).toEqual({
      model: MODEL,
      training_file: result.fileId,
      suffix: 'docs',
      seed: 3,
      hyperparameters: { n_epochs: 2 },
    });
    expect(server.state.jobs.get(result.jobId)).toMatchObject({ model: MODEL, status: 'succeeded' });
    expect(result).toEqual({
      fileId: result.fileId,
      jobId: result.jobId,
      status: 'succeeded',
      fineTunedModel: `ft:${MODEL}:docs:${result.jobId.replace('ftjob-', '')}`,
      trainedTokens: expect.any(Number) as number,
      events: expect.any(Array) as string[],
    });
    expect(result.events[0]).toBe(`Created fine-tuning job: ${result.jobId}`);
    expect(result.events.at(-1)).toBe('The job has successfully completed');
    expect(progress).toEqual(['uploading', 'creating', 'validating_files', 'queued', 'running', 'succeeded']);
    expect(routes()).toEqual(['upload', 'create', 'get', 'get', 'get', 'events']);
  });

  it('polls through a throttled poll, waiting as Retry-After asks', async () => {
    server.enqueue({
      kind: 'reply',
      route: 'get',
      status: 429,
      headers: { 'retry-after': '0.05' },
      body: {},
    });
    await expect(run()).resolves.toMatchObject({ status: 'succeeded' });
    const polls = server.requests.filter((request) => request.route === 'get');
    expect(polls).toHaveLength(4);
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(49);
  });

  it("throws FineTuneJobFailedError with the job's error code and message when the job fails", async () => {
    const error = {
      code: 'invalid_training_file',
      message: 'Line 4: too many tokens',
      param: 'training_file',
    };
    server.scriptJobOutcomes({ kind: 'fail', error });
    const failure = await run().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(FineTuneJobFailedError);
    expect(failure).toMatchObject({ code: 'invalid_training_file', reason: 'Line 4: too many tokens' });
    expect((failure as Error).message).toMatch(/job ftjob-\d+ failed \(invalid_training_file\): Line 4/);
    expect(routes()).not.toContain('cancel');
  });

  it('throws FineTuneJobCancelledError when someone else cancels the job', async () => {
    server.scriptJobOutcomes({ kind: 'cancel' });
    await expect(run()).rejects.toBeInstanceOf(FineTuneJobCancelledError);
  });

  it('cancels the remote job and throws FineTuneAbortedError when the signal aborts mid-poll', async () => {
    await close();
    await serve({ pollsPerStatus: 1_000_000 });
    const controller = new AbortController();
    const reason = new Error('scheduler shutting down');
    // Aborting a while after the job exists, so the run is polling, however slow the machine.
    const pending = run({
      signal: controller.signal,
      onProgress: (status) => {
        if (status === 'validating_files') setTimeout(() => controller.abort(reason), 30);
      },
    });
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FineTuneAbortedError);
    const { jobId } = error as FineTuneAbortedError;
    expect(error).toMatchObject({ remoteCancelled: true, cause: reason });
    expect(server.state.jobs.get(jobId!)!.status).toBe('cancelled');
    expect(routes()).toContain('get');
    expect(routes().at(-1)).toBe('cancel');
  });

  it('makes no request when the signal has aborted before the run', async () => {
    const error = await run({ signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'FineTuneAbortedError', jobId: undefined, remoteCancelled: false });
    expect(server.requests).toHaveLength(0);
  });

  it('cancels the remote job and throws FineTuneTimeoutError when the deadline passes', async () => {
    await close();
    await serve({ pollsPerStatus: 1_000_000 });
    // Long enough for the upload and the job's creation even on a loaded machine.
    const error = await run({ timeoutMs: 400 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FineTuneTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 400, remoteCancelled: true });
    expect((error as Error).message).toMatch(/did not finish within 400 ms; job ftjob-\d+ was cancelled/);
    expect(server.state.jobs.get((error as FineTuneTimeoutError).jobId!)!.status).toBe('cancelled');
  });

  it('cancels the remote job it can no longer follow when a poll gets a malformed answer', async () => {
    server.enqueue({ kind: 'tamper', route: 'get', tamper: (job) => ({ ...job, id: 42 }) });
    await expect(run()).rejects.toBeInstanceOf(FineTuningMalformedAnswerError);
    expect(routes()).toEqual(['upload', 'create', 'get', 'cancel']);
    expect([...server.state.jobs.values()][0]!.status).toBe('cancelled');
  });

  it('still succeeds with no events when the events cannot be read', async () => {
    server.enqueue({ kind: 'reply', route: 'events', status: 400, body: { error: { message: 'no' } } });
    await expect(run()).resolves.toMatchObject({ status: 'succeeded', events: [] });
  });

  it('refuses fewer than ten examples before any request', async () => {
    await expect(run({ examples: examples(9) })).rejects.toThrow(
      new TrainingExamplesError('OpenAI fine-tuning needs at least 10 examples, got 9'),
    );
    expect(server.requests).toHaveLength(0);
  });
});
