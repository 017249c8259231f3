import type { DocumentChangeV1 } from '@tributary/contracts';
import type { Checkpoint, CheckpointStore } from '@tributary/connectors-data-access';
import type { RunOptions } from './run-summary';

/** Publishes changes; resolves only once the log has durably accepted them. */
export interface ChangePublisher {
  publish(changes: readonly DocumentChangeV1[]): Promise<void>;
}

/** Changes per publish when RunOptions.batchSize is not set: upserts and deletes alike. */
export const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_MAX_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Upserts waiting to be published, bounded by count and by body bytes. A
 * flush publishes, then records the batch's checkpoints: a crash in between
 * re-publishes on the next run, never skips.
 */
export class ChangeBatch {
  private pending: Array<{ change: DocumentChangeV1; checkpoint: Checkpoint }> = [];
  private bytes = 0;
  private readonly maxCount: number;
  private readonly maxBytes: number;

  constructor(
    private readonly publisher: ChangePublisher,
    private readonly checkpoints: CheckpointStore,
    private readonly source: string,
    options: RunOptions,
    private readonly onFlushed: () => void,
  ) {
    this.maxCount = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  }

  async add(change: DocumentChangeV1, checkpoint: Checkpoint, bytes: number): Promise<void> {
    if (this.pending.length > 0 && this.bytes + bytes > this.maxBytes) await this.flush();
    this.pending.push({ change, checkpoint });
    this.bytes += bytes;
    if (this.pending.length >= this.maxCount) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.publisher.publish(this.pending.map((item) => item.change));
    await this.checkpoints.record(
      this.source,
      new Map(this.pending.map((item) => [item.change.docId, item.checkpoint])),
    );
    this.pending = [];
    this.bytes = 0;
    this.onFlushed();
  }
}
