import { buildTableQueries } from './table-query.builder';

const base = {
  url: 'postgresql://u:secret@db:5432/app',
  table: 'content.Articles',
  idColumn: 'id',
  versionColumn: 'updated_at',
  titleColumn: 'title',
  bodyColumns: ['body'],
};

describe('buildTableQueries', () => {
  it('lists ids and versions by keyset pagination, never OFFSET, with every name quoted', () => {
    const queries = buildTableQueries(base);
    expect(queries.table).toBe('content.articles');
    expect(queries.listFirst).toBe(
      'SELECT "id"::text, "updated_at" FROM "content"."articles" WHERE "id" IS NOT NULL ORDER BY "id" LIMIT $1',
    );
    expect(queries.listAfter).toBe(
      'SELECT "id"::text, "updated_at" FROM "content"."articles" WHERE "id" > $1 ORDER BY "id" LIMIT $2',
    );
  });

  it('reads changed rows by id with every role at a known position', () => {
    const queries = buildTableQueries({
      ...base,
      bodyColumns: ['summary', 'Body'],
      metadataColumns: ['author', '"Lang"'],
      aclColumn: 'readers',
    });
    expect(queries.readRows).toBe(
      'SELECT "id"::text, "updated_at", "title", "summary", "body", "author", "Lang", "readers" FROM "content"."articles" WHERE "id" = ANY($1)',
    );
    expect(queries.layout).toEqual({
      id: 0,
      version: 1,
      title: 2,
      body: [3, 4],
      metadata: [
        { key: 'author', index: 5 },
        { key: 'Lang', index: 6 },
      ],
      acl: 7,
    });
  });

  it('keeps values out of the SQL: a hostile name is quoted, not executed', () => {
    const queries = buildTableQueries({ ...base, table: '"x""; DROP TABLE users; --"' });
    expect(queries.readRows).toContain('FROM "x""; DROP TABLE users; --" WHERE');
  });

  it('refuses no body column, and a metadata column the contract cannot take as a key', () => {
    expect(() => buildTableQueries({ ...base, bodyColumns: [] })).toThrow(/at least one body column/);
    expect(() => buildTableQueries({ ...base, metadataColumns: ['"sub.key"'] })).toThrow(
      /metadata column "sub.key" cannot be a metadata key/,
    );
  });
});
