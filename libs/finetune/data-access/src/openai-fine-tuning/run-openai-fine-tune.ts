import { abortablePause } from './abortable-pause';
import {
  FineTuneAbortedError,
  FineTuneJobCancelledError,
  FineTuneJobFailedError,
  FineTuneTimeoutError,
  FineTuningMalformedAnswerError,
} from './fine-tuning.errors';
import type { FineTuningJob, FineTuningJobStatus } from './fine-tuning.schemas';
import type { OpenAiFineTuningClient } from './openai-fine-tuning.client';
import { type ChatExample, toTrainingJsonl } from './training-file';

export type FineTuneProgressStatus = 'uploading' | 'creating' | FineTuningJobStatus;

export interface OpenAiFineTuneOptions {
  /** At least MIN_TRAINING_EXAMPLES, at most MAX_TRAINING_EXAMPLES; checked before any request. */
  examples: readonly ChatExample[];
  /** The base model, e.g. `gpt-4o-mini-2024-07-18`. */
  model: string;
  suffix?: string;
  seed?: number;
  nEpochs?: number;
  /** Between job polls. Default 10000. */
  pollIntervalMs?: number;
  /** From the upload to a terminal job state. Default two hours. */
  timeoutMs?: number;
  /** Aborting stops the run and cancels the remote job, best effort. */
  signal?: AbortSignal;
  /** Called once per status the run passes through; a throw stops the run like any failure. */
  onProgress?: (status: FineTuneProgressStatus, detail: string) => void;
}

export interface OpenAiFineTuneResult {
  fileId: string;
  jobId: string;
  status: 'succeeded';
  /** The model id to ask for completions, e.g. `ft:gpt-4o-mini-2024-07-18:docs:ftjob-abc`. */
  fineTunedModel: string;
  trainedTokens?: number;
  /** The job's event messages, oldest first; empty when they could not be read. */
  events: string[];
}

/** How long a best-effort cancel may take, retries included, once a run is stopping. */
export const CANCEL_BUDGET_MS = 15_000;
const EVENTS_READ = 100;

/**
 * Uploads the examples as a training file, starts a fine-tuning job and polls it to a
 * terminal state. Throws FineTuneJobFailedError or FineTuneJobCancelledError when the job
 * ends so; FineTuneAbortedError or FineTuneTimeoutError when the signal or the deadline
 * stops the run. Any failure after the job was created cancels the job first (best
 * effort), so no job goes on billing unwatched.
 */
export async function runOpenAiFineTune(
  client: OpenAiFineTuningClient,
  options: OpenAiFineTuneOptions,
): Promise<OpenAiFineTuneResult> {
  const jsonl = toTrainingJsonl(options.examples);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 2 * 60 * 60 * 1000);
  const pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 10_000);
  const stop = new AbortController();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    stop.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const signal = stop.signal;
  const progress = options.onProgress ?? (() => undefined);
  let job: FineTuningJob | undefined;
  try {
    signal.throwIfAborted();
    progress('uploading', `${options.examples.length} examples, ${Buffer.byteLength(jsonl)} bytes`);
    const file = await client.uploadFile(jsonl, 'tributary-fine-tune.jsonl', { signal });
    progress('creating', `training file ${file.id}`);
    job = await client.createJob(
      {
        model: options.model,
        trainingFile: file.id,
        suffix: options.suffix,
        seed: options.seed,
        hyperparameters: options.nEpochs === undefined ? undefined : { n_epochs: options.nEpochs },
      },
      { signal },
    );
    const finished = await pollUntilDone(client, job, pollIntervalMs, signal, progress);
    return await succeeded(client, file.id, finished, signal);
  } catch (error) {
    if (error instanceof FineTuneJobFailedError || error instanceof FineTuneJobCancelledError) throw error;
    const run = { jobId: job?.id, remoteCancelled: job ? await cancelQuietly(client, job.id) : false };
    if (timedOut) throw new FineTuneTimeoutError(run, timeoutMs);
    if (signal.aborted) throw new FineTuneAbortedError(run, options.signal?.reason);
    throw error;
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Polls until the job succeeds, returning it; throws when it fails or is cancelled. */
async function pollUntilDone(
  client: OpenAiFineTuningClient,
  created: FineTuningJob,
  pollIntervalMs: number,
  signal: AbortSignal,
  progress: NonNullable<OpenAiFineTuneOptions['onProgress']>,
): Promise<FineTuningJob> {
  let reported: FineTuningJobStatus | undefined;
  for (let job = created; ; job = await client.getJob(job.id, { signal })) {
    if (job.status !== reported) progress(job.status, describe(job));
    reported = job.status;
    switch (job.status) {
      case 'succeeded':
        return job;
      case 'failed':
        throw new FineTuneJobFailedError(job.id, job.error?.code, job.error?.message ?? 'no reason given');
      case 'cancelled':
        throw new FineTuneJobCancelledError(job.id);
      case 'validating_files':
      case 'queued':
      case 'running':
        break;
    }
    await abortablePause(pollIntervalMs, signal);
  }
}

async function succeeded(
  client: OpenAiFineTuningClient,
  fileId: string,
  job: FineTuningJob,
  signal: AbortSignal,
): Promise<OpenAiFineTuneResult> {
  if (!job.fineTunedModel) {
    throw new FineTuningMalformedAnswerError(
      `job ${job.id} succeeded without naming its fine-tuned model`,
      200,
    );
  }
  // The model exists and is paid for: events are a nicety, and failing to read them must not fail the run.
  const events = await client.listEvents(job.id, EVENTS_READ, { signal }).catch(() => []);
  return {
    fileId,
    jobId: job.id,
    status: 'succeeded',
    fineTunedModel: job.fineTunedModel,
    trainedTokens: job.trainedTokens,
    events: events.map((event) => event.message).reverse(),
  };
}

/** True when the API confirms the job is cancelled; never throws, and gives up after CANCEL_BUDGET_MS. */
async function cancelQuietly(client: OpenAiFineTuningClient, jobId: string): Promise<boolean> {
  try {
    const job = await client.cancelJob(jobId, { signal: AbortSignal.timeout(CANCEL_BUDGET_MS) });
    return job.status === 'cancelled';
  } catch {
    return false;
  }
}

function describe(job: FineTuningJob): string {
  if (job.error) return `job ${job.id}: ${job.error.message}`;
  return job.fineTunedModel ? `job ${job.id}: ${job.fineTunedModel}` : `job ${job.id}`;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`fine-tune ${name} must be a positive integer`);
  return value;
}
