export * from './fine-tuning.errors';
export type {
  FineTuningEvent,
  FineTuningFile,
  FineTuningJob,
  FineTuningJobStatus,
} from './fine-tuning.schemas';
export type { OpenAiFineTuningClientOptions } from './fine-tuning-endpoint';
export * from './openai-fine-tuning.client';
export * from './run-openai-fine-tune';
export * from './training-limits';
export * from './training-file';
export * from './chat-examples-from';
export { groundedAnswer } from './grounded-answer';
// A stand-in of the third-party API, exported for end-to-end tests elsewhere.
export * from './stand-in-fine-tuning-server';
export type { StandInJob, StandInJobError, StandInJobOutcome, StandInFile } from './stand-in-job';
export type { StandInRoute, StandInUpload } from './stand-in-fine-tuning-routes';
