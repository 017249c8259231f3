import {
  type FineTuningEndpoint,
  type OpenAiFineTuningClientOptions,
  toFineTuningEndpoint,
} from './fine-tuning-endpoint';
import { sendWithRetries } from './fine-tuning-request';
import {
  type FineTuningEvent,
  type FineTuningFile,
  type FineTuningJob,
  fineTuningEventListSchema,
  fineTuningFileSchema,
  fineTuningJobSchema,
} from './fine-tuning.schemas';

export interface CreateFineTuningJob {
  /** The base model, e.g. `gpt-4o-mini-2024-07-18`. */
  model: string;
  /** A file id from `uploadFile`. */
  trainingFile: string;
  validationFile?: string;
  /** Becomes part of the fine-tuned model's name. */
  suffix?: string;
  seed?: number;
  hyperparameters?: { n_epochs?: number };
}

export interface FineTuningCallOptions {
  /** Aborts the request in flight and any retry wait; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Talks to the files and fine-tuning endpoints of OpenAI or an OpenAI-compatible API.
 * Retries throttling, conflicts, server errors and timeouts with backoff (honouring
 * Retry-After); fails at once on other refusals with a FineTuningApiError; validates
 * every answer. Retrying `createJob` after a timeout may start a second job when the
 * first attempt did reach the API: OpenAI offers no idempotency key to prevent it.
 */
export class OpenAiFineTuningClient {
  readonly #endpoint: FineTuningEndpoint;

  constructor(options: OpenAiFineTuningClientOptions) {
    this.#endpoint = toFineTuningEndpoint(options);
  }

  /** Uploads a JSONL training file with purpose `fine-tune`. */
  uploadFile(jsonl: string, filename: string, options: FineTuningCallOptions = {}): Promise<FineTuningFile> {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), filename);
    return sendWithRetries(this.#endpoint, {
      method: 'POST',
      path: '/files',
      form,
      schema: fineTuningFileSchema,
      ...options,
    });
  }

  createJob(job: CreateFineTuningJob, options: FineTuningCallOptions = {}): Promise<FineTuningJob> {
    // `hyperparameters` at the top level is deprecated in favour of `method`, yet still accepted by
    // OpenAI and understood by the compatible servers that know no `method`.
    const json: Record<string, unknown> = { model: job.model, training_file: job.trainingFile };
    if (job.validationFile !== undefined) json['validation_file'] = job.validationFile;
    if (job.suffix !== undefined) json['suffix'] = job.suffix;
    if (job.seed !== undefined) json['seed'] = job.seed;
    if (job.hyperparameters !== undefined) json['hyperparameters'] = job.hyperparameters;
    return sendWithRetries(this.#endpoint, {
      method: 'POST',
      path: '/fine_tuning/jobs',
      json,
      schema: fineTuningJobSchema,
      ...options,
    });
  }

  getJob(id: string, options: FineTuningCallOptions = {}): Promise<FineTuningJob> {
    return sendWithRetries(this.#endpoint, {
      method: 'GET',
      path: `/fine_tuning/jobs/${encodeURIComponent(id)}`,
      schema: fineTuningJobSchema,
      ...options,
    });
  }

  cancelJob(id: string, options: FineTuningCallOptions = {}): Promise<FineTuningJob> {
    return sendWithRetries(this.#endpoint, {
      method: 'POST',
      path: `/fine_tuning/jobs/${encodeURIComponent(id)}/cancel`,
      schema: fineTuningJobSchema,
      ...options,
    });
  }

  /** The job's latest `limit` events, newest first, as the API lists them. */
  async listEvents(id: string, limit = 20, options: FineTuningCallOptions = {}): Promise<FineTuningEvent[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError('fine-tuning events limit must be a positive integer');
    }
    const list = await sendWithRetries(this.#endpoint, {
      method: 'GET',
      path: `/fine_tuning/jobs/${encodeURIComponent(id)}/events?limit=${limit}`,
      schema: fineTuningEventListSchema,
      ...options,
    });
    return list.data;
  }
}
