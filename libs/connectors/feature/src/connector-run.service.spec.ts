import type { DocumentChangeV1 } from '@tributary/contracts';
import type { ScanItem, SourceConnector, SourceDocument } from '@tributary/connectors-data-access';
import type { ChangePublisher } from './change-batch';
import { ConnectorRunService } from './connector-run.service';
import { MemoryCheckpoints } from './testing/memory-checkpoints';

class RecordingPublisher implements ChangePublisher {
  readonly batches: DocumentChangeV1[][] = [];
  failNext = false;
  get published() {
    return this.batches.flat();
  }
  async publish(changes: readonly DocumentChangeV1[]) {
    if (this.failNext) throw new Error('broker unavailable');
    this.batches.push([...changes]);
  }
}

const doc = (docId: string, version: number, body = `body of ${docId}`): SourceDocument => ({
  docId,
  version,
  title: docId,
  body,
  uri: `file:///${docId}`,
  metadata: {},
});
const found = (document: SourceDocument): ScanItem => ({ kind: 'document', document });
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

  it('publishes every document on the first run and records its checkpoint', async () => {
    const { publisher, checkpoints, service } = setup();
    const summary = await service.runOnce('docs', source([found(doc('a', 1))]), { now });
    expect(summary).toMatchObject({ seen: 1, changed: 1, deleted: 0, failed: 0 });
    expect(publisher.published[0]).toMatchObject({ op: 'upsert', source: 'docs', docId: 'a', version: 1 });
    expect(checkpoints.state.get('a')).toEqual({ sourceVersion: 1, publishedVersion: 1 });
  });

  it("publishes upserts and deletes in the run's tenant, and in the default tenant when none is given", async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 1)), found(doc('b', 1))]), { now, tenant: 'acme' });
    await service.runOnce('docs', source([found(doc('a', 2))]), { now, tenant: 'acme' });
    expect(publisher.published.map((c) => `${c.op} ${c.docId} ${c.tenant}`)).toEqual([
      'upsert a acme',
      'upsert b acme',
      'upsert a acme',
      'delete b acme',
    ]);
    await service.runOnce('other', source([found(doc('c', 1))]), { now });
    expect(publisher.published.at(-1)).toMatchObject({ source: 'other', tenant: 'default' });
  });

  it('publishes nothing for unchanged documents and only the changed one otherwise', async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 1)), found(doc('b', 1))]));
    const summary = await service.runOnce('docs', source([found(doc('a', 1)), found(doc('b', 2))]));
    expect(summary).toMatchObject({ seen: 2, changed: 1 });
    expect(publisher.published.map((c) => `${c.docId}@${c.version}`)).toEqual(['a@1', 'b@1', 'b@2']);
  });

  it('publishes a restored document whose source version went backwards above the last published one', async () => {
    const { publisher, checkpoints, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 100))]));
    await service.runOnce('docs', source([found(doc('a', 50, 'restored'))]));
    expect(publisher.published[1]).toMatchObject({ docId: 'a', version: 101, body: 'restored' });
    expect(checkpoints.state.get('a')).toEqual({ sourceVersion: 50, publishedVersion: 101 });
    expect((await service.runOnce('docs', source([found(doc('a', 50, 'restored'))]))).changed).toBe(0);
  });

  it('publishes a delete that outranks the last published version for a document the source no longer has', async () => {
    const { publisher, checkpoints, service } = setup();
    const future = Date.parse('2030-01-01T00:00:00Z');
    await service.runOnce('docs', source([found(doc('a', future))]), { now });
    const summary = await service.runOnce('docs', source([]), { now });
    expect(summary.deleted).toBe(1);
    expect(publisher.published[1]).toMatchObject({ op: 'delete', docId: 'a', version: future + 1 });
    expect(checkpoints.state.get('a')).toEqual({
      sourceVersion: -1,
      publishedVersion: future + 1,
      deleted: true,
    });
    expect((await service.runOnce('docs', source([]), { now })).deleted).toBe(0);
  });

  it('publishes a document that comes back after its delete above the delete, even with its old version', async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 100))]), { now });
    await service.runOnce('docs', source([]), { now });
    const deleteVersion = publisher.published[1]!.version;
    const summary = await service.runOnce('docs', source([found(doc('a', 100, 'restored'))]), { now });
    expect(summary).toMatchObject({ changed: 1, deleted: 0 });
    expect(publisher.published[2]).toMatchObject({ op: 'upsert', docId: 'a', version: deleteVersion + 1 });
  });

  it('reports an unreadable document without failing the run or deleting it', async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 1))]));
    const summary = await service.runOnce(
      'docs',
      source([{ kind: 'failure', failure: { docId: 'a', error: 'EACCES' } }]),
    );
    expect(summary).toMatchObject({ failed: 1, deleted: 0, failures: [{ docId: 'a', error: 'EACCES' }] });
    expect(publisher.published).toHaveLength(1);
  });

  it('does not delete the documents of a folder that could not be read', async () => {
    const { publisher, service } = setup();
    await service.runOnce(
      'docs',
      source([found(doc('team/a', 1)), found(doc('team/b', 1)), found(doc('teammate', 1))]),
    );
    const summary = await service.runOnce(
      'docs',
      source([{ kind: 'failure', failure: { docId: 'team', error: 'EACCES', subtree: true } }]),
    );
    expect(summary.deleted).toBe(1);
    expect(publisher.published.filter((c) => c.op === 'delete').map((c) => c.docId)).toEqual(['teammate']);
  });

  it('reports a document that breaks the event contract and publishes the others', async () => {
    const { publisher, checkpoints, service } = setup();
    const summary = await service.runOnce(
      'docs',
      source([found(doc(' bad name', 1)), found(doc('good', 1))]),
    );
    expect(summary).toMatchObject({ changed: 1, failed: 1 });
    expect(summary.failures[0]?.error).toMatch(/^not a valid document change: docId/);
    expect(publisher.published.map((c) => c.docId)).toEqual(['good']);
    expect(checkpoints.state.has(' bad name')).toBe(false);
  });

  it('splits batches by count and by body bytes', async () => {
    const { publisher, service } = setup();
    const docs = ['a', 'b', 'c', 'd', 'e'].map((id) => found(doc(id, 1, 'x'.repeat(40))));
    await service.runOnce('docs', source(docs), { batchSize: 3, maxBatchBytes: 100 });
    expect(publisher.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
  });

  it('counts a document the connector reports unchanged as present: nothing published, nothing deleted', async () => {
    const { publisher, service } = setup();
    await service.runOnce('docs', source([found(doc('a', 1))]));
    const summary = await service.runOnce('docs', source([{ kind: 'unchanged', docId: 'a' }]));
    expect(summary).toMatchObject({ seen: 1, changed: 0, deleted: 0 });
    expect(publisher.published).toHaveLength(1);
  });

  it('hands the connector its last checkpoints, validators included', async () => {
    const { service } = setup();
    await service.runOnce('docs', source([found({ ...doc('a', 7), validator: '"etag:1"' })]));
    let seen: ReadonlyMap<string, unknown> | undefined;
    await service.runOnce('docs', {
      kind: 'memory',
      async *scan(known) {
        seen = known;
        yield { kind: 'unchanged', docId: 'a' };
      },
    });
    expect(seen?.get('a')).toEqual({ sourceVersion: 7, publishedVersion: 7, validator: '"etag:1"' });
  });

  it('records a new validator for unchanged content without publishing it', async () => {
    const { publisher, checkpoints, service } = setup();
    await service.runOnce('docs', source([found({ ...doc('a', 7), validator: '"v1"' })]));
    const summary = await service.runOnce('docs', source([found({ ...doc('a', 7), validator: '"v2"' })]));
    expect(summary.changed).toBe(0);
    expect(publisher.published).toHaveLength(1);
    expect(checkpoints.state.get('a')).toEqual({ sourceVersion: 7, publishedVersion: 7, validator: '"v2"' });
  });

  describe('mass-delete guard', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `doc-${i}`);
    const seed = async (service: ConnectorRunService, n: number) =>
      service.runOnce('docs', source(ids(n).map((id) => found(doc(id, 1)))));

    it('refuses to delete more than the allowed share of a source, deletes nothing and says so', async () => {
      const { publisher, checkpoints, service } = setup();
      await seed(service, 20);
      const summary = await service.runOnce('docs', source(ids(8).map((id) => found(doc(id, 1)))), {
        maxDeleteShare: 0.5,
      });
      expect(summary.refusedDeletes).toEqual({ wouldDelete: 12, of: 20, maxShare: 0.5 });
      expect(summary.deleted).toBe(0);
      expect(publisher.published.filter((c) => c.op === 'delete')).toHaveLength(0);
      expect(checkpoints.state.size).toBe(20);
    });

    it('deletes up to the allowed share without complaint', async () => {
      const { service } = setup();
      await seed(service, 20);
      const summary = await service.runOnce('docs', source(ids(10).map((id) => found(doc(id, 1)))), {
        maxDeleteShare: 0.5,
      });
      expect(summary).toMatchObject({ deleted: 10 });
      expect(summary.refusedDeletes).toBeUndefined();
    });

    it('deletes everything gone when forced', async () => {
      const { publisher, service } = setup();
      await seed(service, 20);
      const summary = await service.runOnce('docs', source([]), { forceDeletes: true });
      expect(summary.deleted).toBe(20);
      expect(publisher.published.filter((c) => c.op === 'delete')).toHaveLength(20);
    });

    it('never treats a handful of deletions as a mass delete', async () => {
      const { service } = setup();
      await seed(service, 3);
      expect((await service.runOnce('docs', source([]))).deleted).toBe(3);
    });
  });

  it('does not advance the checkpoint when publishing fails, so the next run retries', async () => {
    const { publisher, checkpoints, service } = setup();
    publisher.failNext = true;
    await expect(service.runOnce('docs', source([found(doc('a', 1))]))).rejects.toThrow('broker unavailable');
    expect(checkpoints.state.size).toBe(0);
  });
});
