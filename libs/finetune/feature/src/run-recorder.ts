import type { FineTuneRunV1, FineTuneStage, FineTuneStageRecordV1 } from '@tributary/contracts';

/** Where run records go (RunRepository). */
export interface RunStore {
  save(run: FineTuneRunV1, options?: { refresh?: boolean }): Promise<void>;
}

/** Keeps one run's record and writes it after every step, so operators see each stage as it happens. */
export class RunRecorder {
  constructor(
    readonly run: FineTuneRunV1,
    private readonly store: RunStore,
  ) {}

  async log(level: 'info' | 'warn' | 'error', message: string): Promise<void> {
    this.run.logs.push({ at: new Date().toISOString(), level, message });
    await this.store.save(this.run);
  }

  /** Runs one stage, recording its inputs, then its outputs (a summary: the bulky result has a home of its own) or error. */
  async stage<T>(
    stage: FineTuneStage,
    inputs: Record<string, unknown>,
    work: () => Promise<{ outputs: Record<string, unknown>; result: T }>,
  ): Promise<T> {
    const record: FineTuneStageRecordV1 = { status: 'running', startedAt: new Date().toISOString(), inputs };
    this.run.stages[stage] = record;
    await this.store.save(this.run);
    try {
      const { outputs, result } = await work();
      Object.assign(record, { status: 'succeeded', finishedAt: new Date().toISOString(), outputs });
      await this.store.save(this.run);
      return result;
    } catch (error) {
      Object.assign(record, {
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: messageOf(error),
      });
      await this.store.save(this.run);
      throw error;
    }
  }

  async skip(stage: FineTuneStage, reason: string): Promise<void> {
    const at = new Date().toISOString();
    this.run.stages[stage] = {
      status: 'skipped',
      startedAt: at,
      finishedAt: at,
      inputs: {},
      outputs: { reason },
    };
    await this.store.save(this.run);
  }

  async finish(update: Pick<FineTuneRunV1, 'status'> & Partial<Pick<FineTuneRunV1, 'outcome' | 'reason'>>) {
    Object.assign(this.run, update, { finishedAt: new Date().toISOString() });
    await this.store.save(this.run, { refresh: true });
  }
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
