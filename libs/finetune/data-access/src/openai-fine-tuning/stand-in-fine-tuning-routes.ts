/** What the stand-in answers on each route, with the refusals OpenAI gives for bad input. */
import { type StandInAnswer, apiError, eventList, fileObject, jobObject } from './stand-in-api-objects';
import { type StandInFineTuningJobs, isTerminal } from './stand-in-fine-tuning-jobs';

export type JobRoute = 'get' | 'cancel' | 'events';
export type StandInRoute = 'upload' | 'create' | JobRoute;

export interface StandInUpload {
  purpose: string | undefined;
  filename: string | undefined;
  content: string | undefined;
}

export type RoutedRequest = { route: 'upload' | 'create' } | { route: JobRoute; jobId: string };

export function routeOf(method: string, pathname: string): RoutedRequest | undefined {
  if (method === 'POST' && pathname === '/v1/files') return { route: 'upload' };
  if (method === 'POST' && pathname === '/v1/fine_tuning/jobs') return { route: 'create' };
  const match = /^\/v1\/fine_tuning\/jobs\/([^/]+)(\/cancel|\/events)?$/.exec(pathname);
  const jobId = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  if (jobId === undefined) return undefined;
  if (method === 'GET' && match?.[2] === undefined) return { route: 'get', jobId };
  if (method === 'POST' && match?.[2] === '/cancel') return { route: 'cancel', jobId };
  if (method === 'GET' && match?.[2] === '/events') return { route: 'events', jobId };
  return undefined;
}

/** Uploads are checked only for what OpenAI checks at once; the JSONL itself is checked by the job, as OpenAI does. */
export function answerUpload(jobs: StandInFineTuningJobs, upload: StandInUpload): StandInAnswer {
  if (upload.content === undefined || upload.filename === undefined) {
    return apiError(400, "'file' is a required property", { param: 'file' });
  }
  if (upload.purpose !== 'fine-tune') {
    return apiError(400, `'${upload.purpose ?? ''}' is not one of ['fine-tune'] - 'purpose'`, {
      param: 'purpose',
    });
  }
  if (!upload.filename.endsWith('.jsonl')) {
    return apiError(400, 'Invalid file format for Fine-Tuning API. Must be .jsonl', { param: 'file' });
  }
  return { status: 200, body: fileObject(jobs.addFile(upload.filename, upload.purpose, upload.content)) };
}

export function answerCreate(
  jobs: StandInFineTuningJobs,
  models: ReadonlySet<string>,
  json: unknown,
): StandInAnswer {
  const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const { model, training_file: trainingFile, validation_file: validationFile, suffix, seed } = body;
  const hyperparameters = (body['hyperparameters'] ?? {}) as Record<string, unknown>;
  const nEpochs = hyperparameters['n_epochs'] ?? 'auto';
  if (typeof model !== 'string') return apiError(400, "'model' is a required property", { param: 'model' });
  const fineTuned = [...jobs.jobs.values()].some((job) => job.fineTunedModel === model);
  if (!models.has(model) && !fineTuned) {
    return apiError(400, `Model ${model} is not available for fine-tuning or does not exist.`, {
      param: 'model',
      code: 'model_not_available',
    });
  }
  const file = typeof trainingFile === 'string' ? jobs.files.get(trainingFile) : undefined;
  if (file?.purpose !== 'fine-tune') {
    return apiError(400, `invalid training_file: ${String(trainingFile)}`, { param: 'training_file' });
  }
  if (
    validationFile !== undefined &&
    (typeof validationFile !== 'string' || !jobs.files.has(validationFile))
  ) {
    return apiError(400, `invalid validation_file: ${String(validationFile)}`, { param: 'validation_file' });
  }
  if (suffix !== undefined && (typeof suffix !== 'string' || suffix.length > 64)) {
    return apiError(400, 'suffix must be a string of at most 64 characters', { param: 'suffix' });
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    return apiError(400, 'seed must be an integer', { param: 'seed' });
  }
  if (
    nEpochs !== 'auto' &&
    !(Number.isInteger(nEpochs) && (nEpochs as number) >= 1 && (nEpochs as number) <= 50)
  ) {
    return apiError(400, 'n_epochs must be "auto" or an integer from 1 to 50', {
      param: 'hyperparameters.n_epochs',
    });
  }
  const job = jobs.create({
    model,
    trainingFile: file,
    validationFile: validationFile ?? null,
    suffix: suffix ?? null,
    seed: seed as number | undefined,
    nEpochs: nEpochs as number | 'auto',
  });
  return { status: 200, body: jobObject(job) };
}

export function answerJob(
  jobs: StandInFineTuningJobs,
  route: JobRoute,
  jobId: string,
  query: URLSearchParams,
): StandInAnswer {
  const job = jobs.jobs.get(jobId);
  if (!job) {
    return apiError(404, `Could not find fine tune: ${jobId}`, {
      param: 'fine_tune_id',
      code: 'fine_tune_not_found',
    });
  }
  jobs.refresh(job, route === 'get');
  switch (route) {
    case 'cancel':
      if (isTerminal(job.status))
        return apiError(400, `Job ${job.id} is already ${job.status} and cannot be cancelled`);
      jobs.cancel(job);
      return { status: 200, body: jobObject(job) };
    case 'events': {
      const limit = Number(query.get('limit') ?? 20);
      if (!Number.isInteger(limit) || limit < 1)
        return apiError(400, 'limit must be a positive integer', { param: 'limit' });
      return { status: 200, body: eventList(job, limit) };
    }
    case 'get':
      return { status: 200, body: jobObject(job) };
  }
}

/** OpenAI echoes a masked wrong key; the stand-in echoes it whole, so tests prove clients redact it. */
export function authenticationFailure(
  apiKey: string,
  authorization: string | undefined,
): StandInAnswer | undefined {
  if (authorization === `Bearer ${apiKey}`) return undefined;
  if (!authorization?.startsWith('Bearer ')) {
    return apiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
    );
  }
  const key = authorization.slice('Bearer '.length);
  const message = `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return apiError(401, message, { code: 'invalid_api_key' });
}
