import {
  DEFAULT_TENANT,
  DOCUMENT_CHANGE_V1,
  documentChangeV1Schema,
  type DocumentChangeV1,
  type DocumentDeleteV1,
} from '@tributary/contracts';
import {
  liveCheckpoints,
  tombstone,
  type Checkpoint,
  type CheckpointStore,
  type SourceConnector,
  type SourceDocument,
  type SourceFailure,
} from '@tributary/connectors-data-access';
import { ChangeBatch, DEFAULT_BATCH_SIZE, type ChangePublisher } from './change-batch';
import { massDeleteVerdict, type RunOptions, type RunProgress, type RunSummary } from './run-summary';

/**
 * One pass over a source: publish what changed since the checkpoints, then a
 * delete for every document the source no longer has (unless the mass-delete
 * guard holds them back). Checkpoints advance only after Kafka acknowledged a
 * batch, so a crash re-publishes, never skips.
 */
export class ConnectorRunService {
  constructor(
    private readonly publisher: ChangePublisher,
    private readonly checkpoints: CheckpointStore,
  ) {}

  async runOnce(source: string, connector: SourceConnector, options: RunOptions = {}): Promise<RunSummary> {
    const started = Date.now();
    const now = options.now ?? (() => new Date());
    const tenant = options.tenant ?? DEFAULT_TENANT;
    const known = await this.checkpoints.load(source);
    const live = liveCheckpoints(known);
    const present = new Set<string>();
    const progress: RunProgress = { seen: 0, changed: 0, deleted: 0, failed: 0 };
    const failures: SourceFailure[] = [];
    const report = () => options.onProgress?.({ ...progress });
    const fail = (failure: SourceFailure) => {
      failures.push(failure);
      progress.failed++;
    };
    const batch = new ChangeBatch(this.publisher, this.checkpoints, source, options, report);

    for await (const item of connector.scan(live)) {
      switch (item.kind) {
        case 'failure':
          // What cannot be read now is not deleted: the error may be transient.
          markPresent(present, live, item.failure);
          fail(item.failure);
          break;
        case 'unchanged':
          progress.seen++;
          present.add(item.docId);
          break;
        case 'document': {
          progress.seen++;
          present.add(item.document.docId);
          const previous = known.get(item.document.docId);
          if (!previous?.deleted && previous?.sourceVersion === item.document.version) {
            // Same content under a new validator (an ETag rotated): remember it, publish nothing.
            const { validator } = item.document;
            if (validator !== undefined && validator !== previous.validator)
              await this.checkpoints.record(
                source,
                new Map([[item.document.docId, { ...previous, validator }]]),
              );
            break;
          }
          const change = upsertOf(source, tenant, item.document, previous, now());
          const problem = contractProblem(change);
          if (problem) {
            fail({ docId: item.document.docId, error: problem });
            break;
          }
          progress.changed++;
          await batch.add(
            change,
            checkpointOf(item.document, change.version),
            Buffer.byteLength(item.document.body),
          );
        }
      }
    }
    await batch.flush();

    const gone = [...live.keys()].filter((docId) => !present.has(docId));
    const refusedDeletes = massDeleteVerdict(gone.length, live.size, options);
    if (!refusedDeletes)
      progress.deleted = await this.deleteGone(source, tenant, gone, live, now, options, report);
    return {
      source,
      ...progress,
      failures,
      durationMs: Date.now() - started,
      ...(refusedDeletes ? { refusedDeletes } : {}),
    };
  }

  private async deleteGone(
    source: string,
    tenant: string,
    gone: readonly string[],
    known: ReadonlyMap<string, Checkpoint>,
    now: () => Date,
    options: RunOptions,
    report: () => void,
  ): Promise<number> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let deleted = 0;
    for (let i = 0; i < gone.length; i += batchSize) {
      const docIds = gone.slice(i, i + batchSize);
      const at = now();
      const deletes = docIds.map((docId): DocumentDeleteV1 => ({
        schema: DOCUMENT_CHANGE_V1,
        source,
        tenant,
        docId,
        op: 'delete',
        // A delete must outrank the last upsert even if that file's mtime lies in the future.
        version: Math.max(at.getTime(), (known.get(docId)?.publishedVersion ?? 0) + 1),
        occurredAt: at.toISOString(),
      }));
      await this.publisher.publish(deletes);
      await this.checkpoints.record(source, new Map(deletes.map((d) => [d.docId, tombstone(d.version)])));
      deleted += docIds.length;
      report();
    }
    return deleted;
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

function contractProblem(change: DocumentChangeV1): string | undefined {
  const valid = documentChangeV1Schema.safeParse(change);
  if (valid.success) return undefined;
  const issues = valid.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return `not a valid document change: ${issues.join('; ')}`;
}

function checkpointOf(document: SourceDocument, publishedVersion: number): Checkpoint {
  return {
    sourceVersion: document.version,
    publishedVersion,
    ...(document.validator === undefined ? {} : { validator: document.validator }),
  };
}

function upsertOf(
  source: string,
  tenant: string,
  document: SourceDocument,
  previous: Checkpoint | undefined,
  at: Date,
): DocumentChangeV1 {
  return {
    schema: DOCUMENT_CHANGE_V1,
    source,
    tenant,
    docId: document.docId,
    op: 'upsert',
    // A source version that went backwards (a restored file, a document back after
    // its delete) must still outrank what was published.
    version: previous ? Math.max(document.version, previous.publishedVersion + 1) : document.version,
    occurredAt: at.toISOString(),
    title: document.title,
    body: document.body,
    uri: document.uri,
    metadata: document.metadata,
    ...(document.acl ? { acl: document.acl } : {}),
  };
}
