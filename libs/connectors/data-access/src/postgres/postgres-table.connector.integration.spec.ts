import { Client } from 'pg';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import type { Checkpoint } from '../checkpoint.repository';
import type { ScanItem, SourceDocument } from '../source-connector';
import { PostgresTableConnector } from './postgres-table.connector';
import type { PostgresTableOptions } from './postgres-table.options';
import { PostgresSourceError } from './postgres-source.errors';

async function collect(connector: PostgresTableConnector, known = new Map<string, Checkpoint>()) {
  const items: ScanItem[] = [];
  for await (const item of connector.scan(known)) items.push(item);
  return items;
}
const documentsOf = (items: ScanItem[]): SourceDocument[] =>
  items.flatMap((item) => (item.kind === 'document' ? [item.document] : []));
const checkpointsOf = (documents: SourceDocument[]) =>
  new Map(documents.map((d) => [d.docId, { sourceVersion: d.version, publishedVersion: d.version }]));
const at = (iso: string) => new Date(iso).getTime();

describe('PostgresTableConnector against real PostgreSQL', () => {
  const db = new Client({ connectionString: realServices.postgresUrl });
  // A name that needs quoting: the connector must never splice it into SQL raw.
  const table = uniqueName('it-articles');
  const qualified = `public."${table}"`;
  const options: PostgresTableOptions = {
    url: realServices.postgresUrl,
    table: qualified,
    idColumn: 'id',
    versionColumn: 'updated_at',
    titleColumn: 'title',
    bodyColumns: ['summary', 'body'],
    metadataColumns: ['author', 'words'],
    aclColumn: 'readers',
    uriTemplate: 'https://cms.example/articles/{id}',
    listPageSize: 2,
    readPageSize: 2,
  };

  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE TABLE ${qualified} (
      id integer PRIMARY KEY,
      updated_at timestamptz NOT NULL,
      title text,
      summary text,
      body text,
      author text,
      words integer,
      readers text[]
    )`);
  });

  beforeEach(async () => {
    await db.query(`TRUNCATE ${qualified}`);
    await db.query(
      `INSERT INTO ${qualified} VALUES
        (1, '2024-01-01T00:00:00.001Z', 'One', 'First summary', 'Body one', 'ada', 100, NULL),
        (2, '2024-01-02T00:00:00.002Z', 'Two', NULL, 'Body two', 'bob', 200, '{team:docs,user:eve}'),
        (3, '2024-01-03T00:00:00.003Z', 'Three', NULL, 'Body three', NULL, NULL, NULL),
        (4, '2024-01-04T00:00:00.004Z', 'Four', NULL, 'Body four', NULL, NULL, NULL),
        (5, '2024-01-05T00:00:00.005Z', NULL, NULL, 'Body five', NULL, NULL, NULL)`,
    );
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${qualified}`);
    await db.end();
  });

  it('yields every row as a document on the first scan, in id order across pages', async () => {
    const items = await collect(new PostgresTableConnector(options));
    expect(items.every((item) => item.kind === 'document')).toBe(true);
    const documents = documentsOf(items);
    expect(documents.map((d) => d.docId)).toEqual(['1', '2', '3', '4', '5']);
    expect(documents[0]).toEqual({
      docId: '1',
      version: at('2024-01-01T00:00:00.001Z'),
      title: 'One',
      body: 'First summary\n\nBody one',
      uri: 'https://cms.example/articles/1',
      metadata: { author: 'ada', words: 100 },
    });
    expect(documents[1]).toMatchObject({ body: 'Body two', acl: ['team:docs', 'user:eve'] });
    expect(documents[4]).toMatchObject({ title: '5', version: at('2024-01-05T00:00:00.005Z') });
  });

  it('after an UPDATE reads only that row; every other row comes back unchanged without being read', async () => {
    const connector = new PostgresTableConnector(options);
    const known = checkpointsOf(documentsOf(await collect(connector)));
    await db.query(
      `UPDATE ${qualified} SET body = 'Body two, edited', updated_at = '2024-02-01T00:00:00Z' WHERE id = 2`,
    );
    // Row 3 becomes unreadable without a new version: reading it would yield a failure, not 'unchanged'.
    await db.query(`UPDATE ${qualified} SET body = NULL WHERE id = 3`);

    const items = await collect(connector, known);
    expect(items).toEqual([
      { kind: 'unchanged', docId: '1' },
      {
        kind: 'document',
        document: expect.objectContaining({
          docId: '2',
          version: at('2024-02-01T00:00:00Z'),
          body: 'Body two, edited',
        }),
      },
      { kind: 'unchanged', docId: '3' },
      { kind: 'unchanged', docId: '4' },
      { kind: 'unchanged', docId: '5' },
    ]);
  });

  it('leaves a deleted row out of the scan, so reconciliation can delete it', async () => {
    const connector = new PostgresTableConnector(options);
    const known = checkpointsOf(documentsOf(await collect(connector)));
    await db.query(`DELETE FROM ${qualified} WHERE id IN (2, 5)`);
    const items = await collect(connector, known);
    expect(items).toEqual([
      { kind: 'unchanged', docId: '1' },
      { kind: 'unchanged', docId: '3' },
      { kind: 'unchanged', docId: '4' },
    ]);
  });

  it('reports a row it cannot turn into a document as a failure for that row and reads the rest', async () => {
    await db.query(`UPDATE ${qualified} SET summary = NULL, body = NULL WHERE id = 4`);
    const items = await collect(new PostgresTableConnector(options));
    expect(items).toContainEqual({
      kind: 'failure',
      failure: { docId: '4', error: 'every body column is null' },
    });
    expect(documentsOf(items).map((d) => d.docId)).toEqual(['1', '2', '3', '5']);
  });

  it('closes its connection when a scan ends, and when its consumer stops early', async () => {
    const open = async () => {
      const result = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = 'tributary-connector' AND query LIKE $1`,
        [`%${table}%`],
      );
      return (result.rows[0] as { n: number }).n;
    };
    const connector = new PostgresTableConnector(options);
    await collect(connector);
    await eventually(async () => expect(await open()).toBe(0), { timeoutMs: 5_000 });

    for await (const item of connector.scan(new Map())) {
      expect(item.kind).toBe('document');
      expect(await open()).toBe(1);
      break;
    }
    await eventually(async () => expect(await open()).toBe(0), { timeoutMs: 5_000 });
  });

  it('pages through text ids with commas, quotes and braces, with an integer row version', async () => {
    const textTable = `public."${uniqueName('it-notes')}"`;
    await db.query(`CREATE TABLE ${textTable} (key text PRIMARY KEY, rev bigint, content text)`);
    try {
      const keys = ['a,b', 'b"q"', 'c{d}', 'd e', 'e\\f'];
      for (const [i, key] of keys.entries())
        await db.query(`INSERT INTO ${textTable} VALUES ($1, $2, $3)`, [key, i + 1, `note ${i}`]);
      const connector = new PostgresTableConnector({
        url: realServices.postgresUrl,
        table: textTable,
        idColumn: 'key',
        versionColumn: 'rev',
        titleColumn: 'key',
        bodyColumns: ['content'],
        listPageSize: 2,
      });
      const first = documentsOf(await collect(connector));
      expect(first.map((d) => [d.docId, d.version, d.body])).toEqual(
        keys.map((key, i) => [key, i + 1, `note ${i}`]),
      );
      expect(first[0]?.uri).toMatch(
        /^postgresql:\/\/127\.0\.0\.1:5432\/tributary\/public\.it-notes-.+\/a%2Cb$/,
      );

      await db.query(`UPDATE ${textTable} SET rev = rev + 1, content = 'edited' WHERE key = $1`, ['c{d}']);
      const items = await collect(connector, checkpointsOf(first));
      expect(documentsOf(items)).toEqual([
        expect.objectContaining({ docId: 'c{d}', version: 4, body: 'edited' }),
      ]);
      expect(items.filter((item) => item.kind === 'unchanged')).toHaveLength(4);
    } finally {
      await db.query(`DROP TABLE ${textTable}`);
    }
  });

  it('reports a null version as a failure for that row at listing time', async () => {
    const nullable = `public."${uniqueName('it-nullable')}"`;
    await db.query(`CREATE TABLE ${nullable} (id int PRIMARY KEY, v int, b text)`);
    try {
      await db.query(`INSERT INTO ${nullable} VALUES (1, NULL, 'x'), (2, 1, 'y')`);
      const items = await collect(
        new PostgresTableConnector({
          url: realServices.postgresUrl,
          table: nullable,
          idColumn: 'id',
          versionColumn: 'v',
          titleColumn: 'b',
          bodyColumns: ['b'],
        }),
      );
      expect(items).toEqual([
        { kind: 'failure', failure: { docId: '1', error: 'the version column is null' } },
        { kind: 'document', document: expect.objectContaining({ docId: '2', version: 1 }) },
      ]);
    } finally {
      await db.query(`DROP TABLE ${nullable}`);
    }
  });

  it('fails the pass with a clear message, and no password, when the server cannot be reached', async () => {
    const unreachable = new PostgresTableConnector({
      ...options,
      url: 'postgresql://tributary:s3cret@127.0.0.1:1/tributary',
    });
    const failure = collect(unreachable);
    await expect(failure).rejects.toThrow(PostgresSourceError);
    await expect(failure).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/tributary: .*ECONNREFUSED/,
    );
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('fails the pass when the password is wrong or the table or a column does not exist', async () => {
    const url = new URL(realServices.postgresUrl);
    url.password = 'wrong';
    await expect(collect(new PostgresTableConnector({ ...options, url: url.href }))).rejects.toThrow(
      /cannot connect to PostgreSQL at .*password authentication failed/,
    );
    await expect(collect(new PostgresTableConnector({ ...options, table: 'no_such_table' }))).rejects.toThrow(
      /^cannot read no_such_table at .*: relation "no_such_table" does not exist$/,
    );
    await expect(
      collect(new PostgresTableConnector({ ...options, bodyColumns: ['missing'] })),
    ).rejects.toThrow(/column "missing" does not exist/);
  });
});
