/** How OpenAI's API shows the stand-in's files, jobs, events and errors. */
import { seconds } from './stand-in-fine-tuning-jobs';
import type { StandInFile, StandInJob } from './stand-in-job';

export interface StandInAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function apiError(
  status: number,
  message: string,
  details: { code?: string | null; param?: string | null; type?: string } = {},
): StandInAnswer {
  const { code = null, param = null, type = 'invalid_request_error' } = details;
  return { status, body: { error: { message, type, param, code } } };
}

export function fileObject(file: StandInFile): Record<string, unknown> {
  return {
    object: 'file',
    id: file.id,
    bytes: file.bytes,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
  };
}

export function jobObject(job: StandInJob): Record<string, unknown> {
  return {
    object: 'fine_tuning.job',
    id: job.id,
    model: job.model,
    created_at: seconds(job.createdMs),
    finished_at: job.finishedAt,
    fine_tuned_model: job.fineTunedModel,
    organization_id: 'org-stand-in',
    result_files: [],
    status: job.status,
    validation_file: job.validationFile,
    training_file: job.trainingFile.id,
    hyperparameters: { n_epochs: job.nEpochs, batch_size: 'auto', learning_rate_multiplier: 'auto' },
    trained_tokens: job.trainedTokens,
    error: job.error,
    seed: job.seed,
    estimated_finish: null,
    integrations: [],
  };
}

/** The newest `limit` events first, as OpenAI lists them. */
export function eventList(job: StandInJob, limit: number): Record<string, unknown> {
  const newestFirst = [...job.events].reverse();
  return {
    object: 'list',
    data: newestFirst
      .slice(0, limit)
      .map((event) => ({ object: 'fine_tuning.job.event', ...event, data: {}, type: 'message' })),
    has_more: newestFirst.length > limit,
  };
}
