import type { RunProgress } from '@tributary/connectors';
import type { ConnectorInstance } from '@tributary/connectors-data-access';

/** The registry as the recorder needs it (ConnectorRegistryRepository in production). */
export interface InstanceUpdates {
  update(source: string, patch: Partial<ConnectorInstance>): Promise<void>;
}

/** Operators (the console, `connector list`) see a pass's counts at most this stale. */
export const PROGRESS_WRITE_INTERVAL_MS = 2_000;

/**
 * Writes the pass in progress into the registry as `currentRun`: at once when
 * the pass starts, then at most every PROGRESS_WRITE_INTERVAL_MS from the
 * progress callback, never two writes at a time. A failed write is reported
 * and skipped: progress is for operators and must not stop a pass.
 */
export class RunProgressRecorder {
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> = Promise.resolve();
  private writing = false;
  private latest: RunProgress = { seen: 0, changed: 0, deleted: 0, failed: 0 };

  constructor(
    private readonly registry: InstanceUpdates,
    private readonly source: string,
    private readonly startedAt: Date,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.write();
  }

  progress(progress: RunProgress): void {
    this.latest = { ...progress };
    if (this.writing || this.now() - this.lastWriteAt < PROGRESS_WRITE_INTERVAL_MS) return;
    this.write();
  }

  /** Waits for a write in flight, so the pass's final record is not overwritten by a late progress write. */
  async settle(): Promise<void> {
    await this.inFlight;
  }

  private write(): void {
    this.writing = true;
    this.lastWriteAt = this.now();
    this.inFlight = this.registry
      .update(this.source, { currentRun: { startedAt: this.startedAt.toISOString(), ...this.latest } })
      .catch((error: Error) => this.log(`could not record progress: ${error.message}`))
      .finally(() => {
        this.writing = false;
      });
  }
}
