import { setTimeout as sleep } from 'node:timers/promises';
import { OpenAiFineTuningClient } from './openai-fine-tuning.client';
import { StandInFineTuningServer, type StandInFineTuningServerOptions } from './stand-in-fine-tuning-server';

const API_KEY = 'sk-stand-in';
const MODEL = 'gpt-4o-mini-2024-07-18';
const line = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `q${i}` },
      { role: 'assistant', content: `a${i}` },
    ],
  });
const VALID = Array.from({ length: 10 }, (_, i) => line(i)).join('\n');

describe('StandInFineTuningServer', () => {
  let server: StandInFineTuningServer;
  let url: string;
  let close: () => Promise<void>;
  let client: OpenAiFineTuningClient;

  async function serve(options: StandInFineTuningServerOptions = {}) {
    server = new StandInFineTuningServer(options);
    ({ url, close } = await server.start());
    client = new OpenAiFineTuningClient({ baseUrl: url, apiKey: API_KEY, maxRetries: 0 });
  }

  async function jobFor(jsonl: string) {
    const file = await client.uploadFile(jsonl, 'train.jsonl');
    return client.createJob({ model: MODEL, trainingFile: file.id });
  }

  beforeEach(() => serve());
  afterEach(() => close());

  it('accepts any JSONL at upload and fails the job while validating, as OpenAI does', async () => {
    const job = await jobFor(`${line(0)}\n{"prompt": "legacy format"}\n`);
    await expect(client.getJob(job.id)).resolves.toMatchObject({
      status: 'failed',
      error: {
        code: 'invalid_training_file',
        message: 'Invalid file format. Line 2: messages must be a non-empty array',
        param: 'training_file',
      },
    });
    const few = await jobFor(VALID.split('\n').slice(0, 3).join('\n'));
    await expect(client.getJob(few.id)).resolves.toMatchObject({
      error: { message: 'Training file has 3 example(s), but must have at least 10 examples' },
    });
  });

  it('refuses at upload a file not named .jsonl, as OpenAI does', async () => {
    await expect(client.uploadFile(VALID, 'train.csv')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Must be .jsonl') as string,
    });
  });

  it('moves a job on with time when msPerStatus is set, polled or not', async () => {
    await close();
    await serve({ msPerStatus: 20 });
    const job = await jobFor(VALID);
    await sleep(70);
    await expect(client.getJob(job.id)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('lets a job last several polls per status', async () => {
    await close();
    await serve({ pollsPerStatus: 2 });
    const job = await jobFor(VALID);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.getJob(job.id)).status);
    expect(statuses).toEqual(['validating_files', 'queued', 'queued', 'running', 'running', 'succeeded']);
  });

  it('lists the newest events first, at most limit of them', async () => {
    const job = await jobFor(VALID);
    for (let i = 0; i < 3; i++) await client.getJob(job.id);
    const response = await fetch(`${url}/fine_tuning/jobs/${job.id}/events?limit=2`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const list = (await response.json()) as { data: { message: string }[]; has_more: boolean };
    expect(list.data.map((event) => event.message)).toEqual([
      'The job has successfully completed',
      expect.stringMatching(/^New fine-tuned model created: ft:gpt-4o-mini-2024-07-18::\d+$/) as string,
    ]);
    expect(list.has_more).toBe(true);
  });

  it("answers OpenAI's error shapes: no key, unknown job, cancelling a finished job, unknown path", async () => {
    const bare = await fetch(`${url}/fine_tuning/jobs/ftjob-1`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({
      error: {
        message: expect.stringContaining("didn't provide an API key") as string,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    await expect(client.getJob('ftjob-missing')).rejects.toMatchObject({
      status: 404,
      code: 'fine_tune_not_found',
    });
    server.scriptJobOutcomes({ kind: 'fail', error: { code: 'server_error', message: 'boom' } });
    const job = await jobFor(VALID);
    for (let i = 0; i < 3; i++) await client.getJob(job.id);
    await expect(client.cancelJob(job.id)).rejects.toMatchObject({ status: 400 });
    const lost = await fetch(`${url}/models`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(lost.status).toBe(404);
  });

  it('lets a fine-tuned model be fine-tuned again', async () => {
    const job = await jobFor(VALID);
    for (let i = 0; i < 3; i++) await client.getJob(job.id);
    const { fineTunedModel } = await client.getJob(job.id);
    const file = await client.uploadFile(VALID, 'more.jsonl');
    await expect(client.createJob({ model: fineTunedModel!, trainingFile: file.id })).resolves.toMatchObject({
      model: fineTunedModel,
    });
  });
});
