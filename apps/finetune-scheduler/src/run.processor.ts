import { UnrecoverableError, type Job } from 'bullmq';
import { fineTuneRunJobV1Schema, type FineTuneRunJobV1 } from '@tributary/contracts';
import { FineTuneInputError, type FineTuneRunService, type RunResult } from '@tributary/finetune';

/**
 * The BullMQ processor: a thin adapter from a job to one run of the service.
 * A payload that is not a run job, and input errors, become UnrecoverableError (no retry: a missing plan stays
 * missing); anything else fails the attempt and BullMQ retries with backoff.
 */
export function runProcessor(service: FineTuneRunService) {
  return async (job: Job<FineTuneRunJobV1>): Promise<RunResult> => {
    // A run whose worker died is started again without a failed attempt: attemptsStarted counts it.
    const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
    const payload = fineTuneRunJobV1Schema.safeParse(job.data);
    if (!payload.success)
      throw new UnrecoverableError(
        `not a fine-tune run job: ${payload.error.issues.map((issue) => issue.message).join('; ')}`,
      );
    try {
      return await service.run({
        runId: job.id ?? `${job.name}-${job.timestamp}`,
        attempt,
        // BullMQ's own rule: a stall does not count as a failed attempt.
        willRetry: job.attemptsMade + 1 < (job.opts.attempts ?? 1),
        job: payload.data,
        progress: (stage, percent) => job.updateProgress({ stage, percent }),
      });
    } catch (error) {
      if (error instanceof FineTuneInputError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
