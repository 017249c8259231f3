/** The stand-in's in-memory files and jobs: how a job moves through OpenAI's states, and its events. */
import type {
  NewStandInJob,
  StandInFile,
  StandInJob,
  StandInJobError,
  StandInJobOutcome,
  StandInJobStatus,
} from './stand-in-job';
import { trainingFileProblem } from './stand-in-training-file-check';

export const seconds = (ms: number) => Math.floor(ms / 1000);

export class StandInFineTuningJobs {
  readonly files = new Map<string, StandInFile>();
  readonly jobs = new Map<string, StandInJob>();
  private readonly outcomes: StandInJobOutcome[] = [];
  private counter = 0;

  /** Each status before the terminal one lasts `pollsPerStatus` polls, or `msPerStatus` when that is set. */
  constructor(private readonly advance: { pollsPerStatus: number; msPerStatus: number | undefined }) {}

  scriptOutcomes(...outcomes: StandInJobOutcome[]): void {
    this.outcomes.push(...outcomes);
  }

  addFile(filename: string, purpose: string, content: string): StandInFile {
    const file = {
      id: `file-${this.nextId()}`,
      filename,
      purpose,
      bytes: Buffer.byteLength(content),
      content,
      createdAt: seconds(Date.now()),
    };
    this.files.set(file.id, file);
    return file;
  }

  create(request: NewStandInJob): StandInJob {
    const id = `ftjob-${this.nextId()}`;
    const job: StandInJob = {
      ...request,
      id,
      seed: request.seed ?? 42,
      status: 'validating_files',
      createdMs: Date.now(),
      finishedAt: null,
      fineTunedModel: null,
      trainedTokens: null,
      error: null,
      outcome: this.outcomes.shift() ?? { kind: 'succeed' },
      events: [],
      polls: 0,
    };
    this.jobs.set(id, job);
    this.event(job, 'info', `Created fine-tuning job: ${id}`);
    this.event(job, 'info', `Validating training file: ${job.trainingFile.id}`);
    return job;
  }

  /** Moves the job on as if time had passed; `polled` counts one poll of it. */
  refresh(job: StandInJob, polled: boolean): void {
    if (this.advance.msPerStatus !== undefined) {
      const due = Math.floor((Date.now() - job.createdMs) / this.advance.msPerStatus);
      for (let step = this.stepOf(job); step < due && !isTerminal(job.status); step++) this.step(job);
      return;
    }
    if (!polled || isTerminal(job.status)) return;
    if (++job.polls < this.advance.pollsPerStatus) return;
    job.polls = 0;
    this.step(job);
  }

  cancel(job: StandInJob): void {
    this.finish(job, 'cancelled');
    this.event(job, 'info', 'Fine-tuning job cancelled');
  }

  private step(job: StandInJob): void {
    switch (job.status) {
      case 'validating_files': {
        const problem = trainingFileProblem(job.trainingFile.content);
        if (!problem) {
          job.status = 'queued';
          return this.event(job, 'info', 'Files validated, moving job to queued state');
        }
        return this.fail(job, { code: 'invalid_training_file', message: problem, param: 'training_file' });
      }
      case 'queued':
        job.status = 'running';
        return this.event(job, 'info', 'Fine-tuning job started');
      case 'running':
        return this.end(job);
      case 'succeeded':
      case 'failed':
      case 'cancelled':
        return;
    }
  }

  private end(job: StandInJob): void {
    switch (job.outcome.kind) {
      case 'succeed': {
        const examples = job.trainingFile.content.split('\n').filter((line) => line.trim()).length;
        const epochs = job.nEpochs === 'auto' ? 3 : job.nEpochs;
        this.event(job, 'info', `Step ${examples * epochs}/${examples * epochs}: training loss=0.12`);
        job.fineTunedModel = `ft:${job.model}:${job.suffix ?? ''}:${job.id.replace(/^ftjob-/, '')}`;
        job.trainedTokens = job.outcome.trainedTokens ?? Math.ceil(job.trainingFile.bytes / 4) * epochs;
        this.finish(job, 'succeeded');
        this.event(job, 'info', `New fine-tuned model created: ${job.fineTunedModel}`);
        return this.event(job, 'info', 'The job has successfully completed');
      }
      case 'fail':
        return this.fail(job, job.outcome.error);
      case 'cancel':
        return this.cancel(job);
    }
  }

  private fail(job: StandInJob, error: StandInJobError): void {
    job.error = error;
    this.finish(job, 'failed');
    this.event(job, 'error', error.message);
  }

  private finish(job: StandInJob, status: 'succeeded' | 'failed' | 'cancelled'): void {
    job.status = status;
    job.finishedAt = seconds(Date.now());
  }

  private event(job: StandInJob, level: 'info' | 'error', message: string): void {
    job.events.push({ id: `ftevent-${this.nextId()}`, created_at: seconds(Date.now()), level, message });
  }

  private stepOf(job: StandInJob): number {
    return job.status === 'validating_files' ? 0 : job.status === 'queued' ? 1 : 2;
  }

  private nextId(): string {
    return String(++this.counter).padStart(6, '0');
  }
}

export function isTerminal(status: StandInJobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
