/** The answers of OpenAI's files and fine-tuning endpoints that this client relies on, mapped to camelCase. */
import { z } from 'zod';

export const fineTuningJobStatuses = [
  'validating_files',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export const fineTuningJobStatusSchema = z.enum(fineTuningJobStatuses);
export type FineTuningJobStatus = z.infer<typeof fineTuningJobStatusSchema>;

export const fineTuningFileSchema = z
  .object({
    id: z.string().min(1),
    bytes: z.number().int().nonnegative(),
    filename: z.string(),
    purpose: z.string(),
    created_at: z.number().optional(),
  })
  .transform((file) => ({
    id: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose,
    createdAt: file.created_at,
  }));
export type FineTuningFile = z.output<typeof fineTuningFileSchema>;

// OpenAI has answered `error: {}` for jobs without one, so every field is optional and a message marks a real error.
const jobErrorSchema = z.object({
  code: z.string().nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
});

export const fineTuningJobSchema = z
  .object({
    id: z.string().min(1),
    model: z.string(),
    status: fineTuningJobStatusSchema,
    training_file: z.string(),
    validation_file: z.string().nullish(),
    fine_tuned_model: z.string().nullish(),
    trained_tokens: z.number().int().nonnegative().nullish(),
    created_at: z.number(),
    finished_at: z.number().nullish(),
    estimated_finish: z.number().nullish(),
    seed: z.number().int().nullish(),
    error: jobErrorSchema.nullish(),
  })
  .transform((job) => ({
    id: job.id,
    model: job.model,
    status: job.status,
    trainingFile: job.training_file,
    validationFile: job.validation_file ?? undefined,
    fineTunedModel: job.fine_tuned_model ?? undefined,
    trainedTokens: job.trained_tokens ?? undefined,
    createdAt: job.created_at,
    finishedAt: job.finished_at ?? undefined,
    estimatedFinish: job.estimated_finish ?? undefined,
    seed: job.seed ?? undefined,
    error: job.error?.message
      ? { code: job.error.code ?? undefined, message: job.error.message, param: job.error.param ?? undefined }
      : undefined,
  }));
export type FineTuningJob = z.output<typeof fineTuningJobSchema>;

const fineTuningEventSchema = z
  .object({
    id: z.string(),
    created_at: z.number(),
    level: z.string(),
    message: z.string(),
    type: z.string().optional(),
  })
  .transform((event) => ({
    id: event.id,
    createdAt: event.created_at,
    level: event.level,
    message: event.message,
    type: event.type,
  }));
export type FineTuningEvent = z.output<typeof fineTuningEventSchema>;

export const fineTuningEventListSchema = z.object({ data: z.array(fineTuningEventSchema) });

/** OpenAI's error body, `{error: {message, type, param, code}}`; compatible servers may send only a string. */
export const apiErrorBodySchema = z.object({
  error: z.union([
    z.string(),
    z.object({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
  ]),
});
