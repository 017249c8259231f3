import { DOCUMENT_CHANGE_V1, documentChangeV1Schema, type DocumentChangeV1 } from '@tributary/contracts';
import type {
  Checkpoint,
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
  /** Changes per publish: a batch is flushed at this count or at maxBatchBytes of body text. */
  batchSize?: number;
  maxBatchBytes?: number;
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
}

interface Pending {
  change: DocumentChangeV1;
  checkpoint: Checkpoint;
}

/**
 * One pass over a source: publish what changed since the checkpoints, then a
 * delete for every document the source no longer has. Checkpoints advance only
 * after Kafka acknowledged a batch, so a crash re-publishes, never skips.
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
    const maxBatchBytes = options.maxBatchBytes ?? 2 * 1024 * 1024;
    const known = await this.checkpoints.load(source);
    const present = new Set<string>();
    const progress: RunProgress = { seen: 0, changed: 0, deleted: 0, failed: 0 };
    const failures: SourceFailure[] = [];
    let batch: Pending[] = [];
    let batchBytes = 0;

    const fail = (failure: SourceFailure) => {
      failures.push(failure);
      progress.failed++;
    };
    const flush = async () => {
      if (batch.length === 0) return;
      await this.publisher.publish(batch.map((item) => item.change));
      await this.checkpoints.record(
        source,
        new Map(batch.map((item) => [item.change.docId, item.checkpoint])),
      );
      batch = [];
      batchBytes = 0;
      options.onProgress?.({ ...progress });
    };

    for await (const item of connector.scan()) {
      if (item.kind === 'failure') {
        // What cannot be read now is not deleted: the error may be transient.
        markPresent(present, known, item.failure);
        fail(item.failure);
        continue;
      }
      const { document } = item;
      progress.seen++;
      present.add(document.docId);
      const previous = known.get(document.docId);
      if (previous?.sourceVersion === document.version) continue;
      // A source version that went backwards (a restored file) must still outrank what was published.
      const version = previous ? Math.max(document.version, previous.publishedVersion + 1) : document.version;
      const change = upsertOf(source, document, version, now());
      const valid = documentChangeV1Schema.safeParse(change);
      if (!valid.success) {
        fail({
          docId: document.docId,
          error: `not a valid document change: ${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        });
        continue;
      }
      progress.changed++;
      const bytes = Buffer.byteLength(document.body);
      if (batch.length > 0 && batchBytes + bytes > maxBatchBytes) await flush();
      batch.push({ change, checkpoint: { sourceVersion: document.version, publishedVersion: version } });
      batchBytes += bytes;
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
          version: Math.max(at.getTime(), (known.get(docId)?.publishedVersion ?? 0) + 1),
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

function markPresent(
  present: Set<string>,
  known: ReadonlyMap<string, Checkpoint>,
  failure: SourceFailure,
): void {
  present.add(failure.docId);
  if (!failure.subtree) return;
  const prefix = `${failure.docId}/`;
  for (const docId of known.keys()) if (docId.startsWith(prefix)) present.add(docId);
}

function upsertOf(source: string, document: SourceDocument, version: number, at: Date): DocumentChangeV1 {
  return {
    schema: DOCUMENT_CHANGE_V1,
    source,
    docId: document.docId,
    op: 'upsert',
    version,
    occurredAt: at.toISOString(),
    title: document.title,
    body: document.body,
    uri: document.uri,
    metadata: document.metadata,
    ...(document.acl ? { acl: document.acl } : {}),
  };
}
