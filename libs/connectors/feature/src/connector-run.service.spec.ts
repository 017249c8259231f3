import type { DocumentChangeV1 } from '@tributary/contracts';
import type {
  CheckpointStore,
  ScanItem,
  SourceConnector,
  SourceDocument,
} from '@tributary/connectors-data-access';
import { ConnectorRunService, type ChangePublisher } from './connector-run.service';

class MemoryCheckpoints implements CheckpointStore {
  readonly state = new Map<string, number>();
  async versions() {
    return new Map(this.state);
  }
  async record(_source: string, versions: ReadonlyMap<string, number>) {
    versions.forEach((v, id) => this.state.set(id, v));
  }
  async forget(_source: string, ids: readonly string[]) {
    ids.forEach((id) => this.state.delete(id));
  }
}

class RecordingPublisher implements ChangePublisher {
  readonly published: DocumentChangeV1[] = [];
  failNext = false;
  async publish(changes: readonly DocumentChangeV1[]) {
    if (this.failNext) throw new Error('broker unavailable');
    this.published.push(...changes);
  }
}

const doc = (docId: string, version: number): SourceDocument => ({
  docId,
  version,
  title: docId,
  body: `body of ${docId}`,
  uri: `file:///${docId}`,
  metadata: {},
});

const source = (items: ScanItem[]): SourceConnector => ({
  kind: 'memory',
  async *scan() {
    yield* items;
  },
});

const now = () => new Date('2026-11-23T12:00:00Z');

describe('ConnectorRunService', () => {
  const setup = () => {
    const publisher = new RecordingPublisher();
    const checkpoints = new MemoryCheckpoints();
    return { publisher, checkpoints, service: new ConnectorRunService(publisher, checkpoints) };
  };

  it('publishes every document on the first run and records its version', async () => {
    const { publisher, checkpoints, service } = setup();
    const summary = await service.runOnce('docs', source([{ kind: 'document', document: doc('a', 1) }]), {
      now,
    });
    expect(summary).toMatchObject({ seen: 1, changed: 1, deleted: 0, failed: 0 });
    expect(publisher.published[0]).toMatchObject({ op: 'upsert', source: 'docs', docId: 'a', version: 1 });
    expect(checkpoints.state.get('a')).toBe(1);
  });

  it('publishes nothing for unchanged documents and only the changed one otherwise', async () => {
    const { publisher, service } = setup();
    await service.runOnce(
      'docs',
      source([
        { kind: 'document', document: doc('a', 1) },
        { kind: 'document', document: doc('b', 1) },
      ]),
    );
    publisher.published.length = 0;
    const summary = await service.runOnce(
      'docs',
      source([
        { kind: 'document', document: doc('a', 1) },
        { kind: 'document', document: doc('b', 2) },
      ]),
    );
    expect(summary).toMatchObject({ seen: 2, changed: 1 });
    expect(publisher.published.map((c) => c.docId)).toEqual(['b']);
  });

  it('publishes a delete that outranks the last version for a document the source no longer has', async () => {
    const { publisher, checkpoints, service } = setup();
    const future = Date.parse('2030-01-01T00:00:00Z');
    await service.runOnce('docs', source([{ kind: 'document', document: doc('a', future) }]), { now });
    const summary = await service.runOnce('docs', source([]), { now });
    expect(summary.deleted).toBe(1);
    expect(publisher.published[1]).toMatchObject({ op: 'delete', docId: 'a', version: future + 1 });
    expect(checkpoints.state.has('a')).toBe(false);
  });

  it('reports an unreadable document without failing the run or deleting it', async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([{ kind: 'document', document: doc('a', 1) }]));
    const summary = await service.runOnce(
      'docs',
      source([{ kind: 'failure', failure: { docId: 'a', error: 'EACCES' } }]),
    );
    expect(summary).toMatchObject({ failed: 1, deleted: 0, failures: [{ docId: 'a', error: 'EACCES' }] });
    expect(publisher.published).toHaveLength(1);
  });

  it('does not advance the checkpoint when publishing fails, so the next run retries', async () => {
    const { publisher, checkpoints, service } = setup();
    publisher.failNext = true;
    await expect(
      service.runOnce('docs', source([{ kind: 'document', document: doc('a', 1) }])),
    ).rejects.toThrow('broker unavailable');
    expect(checkpoints.state.size).toBe(0);
  });
});
