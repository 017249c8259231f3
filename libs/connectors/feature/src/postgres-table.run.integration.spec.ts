import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { DocumentChangeV1 } from '@tributary/contracts';
import { PostgresTableConnector, RedisCheckpointRepository } from '@tributary/connectors-data-access';
import { realServices, uniqueName } from '@tributary/testing';
import type { ChangePublisher } from './change-batch';
import { ConnectorRunService } from './connector-run.service';

/** Kafka stands in as a list: this test is about what the runner publishes for a table's changes. */
class RecordingPublisher implements ChangePublisher {
  batches: DocumentChangeV1[][] = [];
  async publish(changes: readonly DocumentChangeV1[]) {
    this.batches.push([...changes]);
  }
  take(): DocumentChangeV1[] {
    const published = this.batches.flat();
    this.batches = [];
    return published;
  }
}

describe('ConnectorRunService over a real PostgreSQL table, with real Redis checkpoints', () => {
  const db = new Client({ connectionString: realServices.postgresUrl });
  const redis = new Redis(realServices.redisUrl);
  const prefix = uniqueName('it-pg-run');
  const table = `"${uniqueName('it-pg-run')}"`;
  const source = 'articles';
  const publisher = new RecordingPublisher();
  const service = new ConnectorRunService(publisher, new RedisCheckpointRepository(redis, prefix));
  const connector = new PostgresTableConnector({
    url: realServices.postgresUrl,
    table,
    idColumn: 'id',
    versionColumn: 'updated_at',
    titleColumn: 'title',
    bodyColumns: ['body'],
    metadataColumns: ['lang'],
  });
  const run = () => service.runOnce(source, connector, { now: () => new Date('2030-01-01T00:00:00Z') });
  const summarise = (changes: DocumentChangeV1[]) =>
    changes.map((c) =>
      c.op === 'upsert' ? `upsert ${c.docId}@${c.version}: ${c.body}` : `delete ${c.docId}`,
    );
  const ms = (iso: string) => new Date(iso).getTime();

  beforeAll(async () => {
    await db.connect();
    await db.query(
      `CREATE TABLE ${table} (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, title text, body text, lang text)`,
    );
    await db.query(`INSERT INTO ${table} VALUES
      (1, '2024-01-01T00:00:00Z', 'One', 'first', 'en'),
      (2, '2024-01-02T00:00:00Z', 'Two', 'second', 'de')`);
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  // The steps build on each other, as passes of one runner over one table do.
  it('publishes an upsert for every row on the first pass', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ seen: 2, changed: 2, deleted: 0, failed: 0 });
    const published = publisher.take();
    expect(summarise(published)).toEqual([
      `upsert 1@${ms('2024-01-01T00:00:00Z')}: first`,
      `upsert 2@${ms('2024-01-02T00:00:00Z')}: second`,
    ]);
    expect(published[1]).toMatchObject({ source, title: 'Two', metadata: { lang: 'de' } });
  });

  it('publishes nothing when nothing changed', async () => {
    expect(await run()).toMatchObject({ seen: 2, changed: 0, deleted: 0 });
    expect(publisher.take()).toEqual([]);
  });

  it('publishes one upsert for an inserted row', async () => {
    await db.query(`INSERT INTO ${table} VALUES (3, '2024-01-03T00:00:00Z', 'Three', 'third', 'fr')`);
    expect(await run()).toMatchObject({ seen: 3, changed: 1, deleted: 0 });
    expect(summarise(publisher.take())).toEqual([`upsert 3@${ms('2024-01-03T00:00:00Z')}: third`]);
  });

  it('publishes one upsert, with the new version, for an updated row', async () => {
    await db.query(
      `UPDATE ${table} SET body = 'first, edited', updated_at = '2024-03-01T00:00:00Z' WHERE id = 1`,
    );
    expect(await run()).toMatchObject({ seen: 3, changed: 1, deleted: 0 });
    expect(summarise(publisher.take())).toEqual([`upsert 1@${ms('2024-03-01T00:00:00Z')}: first, edited`]);
  });

  it('publishes one delete for a deleted row, outranking its last upsert, and only once', async () => {
    await db.query(`DELETE FROM ${table} WHERE id = 2`);
    expect(await run()).toMatchObject({ seen: 2, changed: 0, deleted: 1 });
    const published = publisher.take();
    expect(summarise(published)).toEqual(['delete 2']);
    expect(published[0]?.version).toBeGreaterThan(ms('2024-01-02T00:00:00Z'));

    expect(await run()).toMatchObject({ seen: 2, changed: 0, deleted: 0 });
    expect(publisher.take()).toEqual([]);
  });
});
