import { UnrecoverableError, type Job } from 'bullmq';
import type { FineTuneRunJobV1 } from '@tributary/contracts';
import { FineTuneInputError, type FineTuneRunService, type RunRequest } from '@tributary/finetune';
import { runProcessor } from './run.processor';

const job = (overrides: Partial<Job<FineTuneRunJobV1>> = {}) =>
  ({
    id: 'run-1',
    name: 'finetune-run',
    timestamp: 0,
    data: { plan: 'support', trigger: 'manual' },
    opts: { attempts: 3 },
    attemptsMade: 0,
    attemptsStarted: 1,
    updateProgress: async () => undefined,
    ...overrides,
  }) as unknown as Job<FineTuneRunJobV1>;

function serviceThat(run: (request: RunRequest) => Promise<unknown>) {
  const requests: RunRequest[] = [];
  const service = {
    run: async (request: RunRequest) => {
      requests.push(request);
      return run(request);
    },
  } as unknown as FineTuneRunService;
  return { service, requests };
}

describe('runProcessor', () => {
  it('hands the service the run id, the attempt and whether BullMQ will retry', async () => {
    const { service, requests } = serviceThat(async () => ({ status: 'succeeded' }));
    await runProcessor(service)(job());
    await runProcessor(service)(job({ attemptsMade: 2, attemptsStarted: 3 }));
    // A run whose worker died was started twice without a failed attempt: BullMQ still has retries left.
    await runProcessor(service)(job({ attemptsMade: 0, attemptsStarted: 2 }));

    expect(requests.map(({ runId, attempt, willRetry }) => ({ runId, attempt, willRetry }))).toEqual([
      { runId: 'run-1', attempt: 1, willRetry: true },
      { runId: 'run-1', attempt: 3, willRetry: false },
      { runId: 'run-1', attempt: 2, willRetry: true },
    ]);
  });

  it('refuses a payload that is not a run job, without running anything or retrying', async () => {
    const { service, requests } = serviceThat(async () => ({ status: 'succeeded' }));
    const bad = job({ data: { plan: 'Not A Plan', trigger: 'whenever' } as unknown as FineTuneRunJobV1 });

    await expect(runProcessor(service)(bad)).rejects.toThrow(UnrecoverableError);
    expect(requests).toEqual([]);
  });

  it('turns an input error into UnrecoverableError, and lets any other error fail the attempt as it is', async () => {
    const missing = serviceThat(async () => {
      throw new FineTuneInputError('plan support does not exist');
    });
    await expect(runProcessor(missing.service)(job())).rejects.toEqual(
      new UnrecoverableError('plan support does not exist'),
    );

    const transient = new Error('connect ECONNREFUSED 127.0.0.1:9200');
    const flaky = serviceThat(async () => {
      throw transient;
    });
    await expect(runProcessor(flaky.service)(job())).rejects.toBe(transient);
  });
});
