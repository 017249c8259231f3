/** A file and a job as the stand-in keeps them. */

export interface StandInJobError {
  code: string;
  message: string;
  param?: string | null;
}

/** How the next created job ends once it has run; jobs take scripted outcomes in creation order. */
export type StandInJobOutcome =
  | { kind: 'succeed'; trainedTokens?: number }
  | { kind: 'fail'; error: StandInJobError }
  /** Cancelled by someone else, as from OpenAI's dashboard. */
  | { kind: 'cancel' };

export type StandInJobStatus =
  'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface StandInFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  content: string;
  createdAt: number;
}

export interface StandInJob {
  id: string;
  model: string;
  trainingFile: StandInFile;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  nEpochs: number | 'auto';
  status: StandInJobStatus;
  /** When it was created, `Date.now()`. */
  createdMs: number;
  finishedAt: number | null;
  fineTunedModel: string | null;
  trainedTokens: number | null;
  error: StandInJobError | null;
  outcome: StandInJobOutcome;
  /** Oldest first; the API lists them newest first. */
  events: { id: string; created_at: number; level: 'info' | 'error'; message: string }[];
  /** Polls seen at the current status. */
  polls: number;
}

export type NewStandInJob = Pick<
  StandInJob,
  'model' | 'trainingFile' | 'validationFile' | 'suffix' | 'nEpochs'
> & {
  seed: number | undefined;
};
