import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import type {
  CheckpointStore,
  SourceConnector,
  SourceDocument,
  SourceFailure,
} from '@tributary/connectors-data-access';

/** Publishes changes; resolves only once the log has durably accepted them. */
export interface ChangePublisher {
  publish(changes: readonly DocumentChangeV1[]): Promise<void>;
}

export interface RunProgress {
  seen: number;
  changed: number;
  deleted: number;
  failed: number;
}

export interface RunSummary extends RunProgress {
  source: string;
  failures: SourceFailure[];
  durationMs: number;
}

export interface RunOptions {
  batchSize?: number;
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
}

/**
 * One pass over a source: publish what changed since the checkpoint, then a
 * delete for every document the source no longer has. The checkpoint advances
 * only after Kafka acknowledged a batch, so a crash re-publishes, never skips.
 */
export class ConnectorRunService {
  constructor(
    private readonly publisher: ChangePublisher,
    private readonly checkpoints: CheckpointStore,
  ) {}

  async runOnce(source: string, connector: SourceConnector, options: RunOptions = {}): Promise<RunSummary> {
    const started = Date.now();
    const now = options.now ?? (() => new Date());
    const batchSize = options.batchSize ?? 100;
    const known = await this.checkpoints.versions(source);
    const present = new Set<string>();
    const progress: RunProgress = { seen: 0, changed: 0, deleted: 0, failed: 0 };
    const failures: SourceFailure[] = [];
    let batch: Array<{ change: DocumentChangeV1; version: number }> = [];

    const flush = async () => {
      if (batch.length === 0) return;
      await this.publisher.publish(batch.map((item) => item.change));
      await this.checkpoints.record(source, new Map(batch.map((item) => [item.change.docId, item.version])));
      batch = [];
      options.onProgress?.({ ...progress });
    };

    for await (const item of connector.scan()) {
      if (item.kind === 'failure') {
        // A document we cannot read now is not deleted: it may be a transient error.
        present.add(item.failure.docId);
        failures.push(item.failure);
        progress.failed++;
        continue;
      }
      const { document } = item;
      progress.seen++;
      present.add(document.docId);
      if (known.get(document.docId) === document.version) continue;
      progress.changed++;
      batch.push({ change: upsertOf(source, document, now()), version: document.version });
      if (batch.length >= batchSize) await flush();
    }
    await flush();

    const gone = [...known.keys()].filter((docId) => !present.has(docId));
    for (let i = 0; i < gone.length; i += batchSize) {
      const docIds = gone.slice(i, i + batchSize);
      const at = now();
      await this.publisher.publish(
        docIds.map((docId) => ({
          schema: DOCUMENT_CHANGE_V1,
          source,
          docId,
          op: 'delete',
          // A delete must outrank the last upsert even if that file's mtime lies in the future.
          version: Math.max(at.getTime(), (known.get(docId) ?? 0) + 1),
          occurredAt: at.toISOString(),
        })),
      );
      await this.checkpoints.forget(source, docIds);
      progress.deleted += docIds.length;
      options.onProgress?.({ ...progress });
    }
    return { source, ...progress, failures, durationMs: Date.now() - started };
  }
}

function upsertOf(source: string, document: SourceDocument, at: Date): DocumentChangeV1 {
  return {
    schema: DOCUMENT_CHANGE_V1,
    source,
    docId: document.docId,
    op: 'upsert',
    version: document.version,
    occurredAt: at.toISOString(),
    title: document.title,
    body: document.body,
    uri: document.uri,
    metadata: document.metadata,
    ...(document.acl ? { acl: document.acl } : {}),
  };
}
