import type { PostgresTableOptions } from './postgres-table.options';
import {
  InvalidIdentifierError,
  parseColumnName,
  parseQualifiedName,
  quoteIdentifier,
  quoteQualifiedName,
} from './sql-identifier';

/** Where each role's value sits in a row read with `readRows` (rows come back as arrays). */
export interface RowLayout {
  id: number;
  version: number;
  title: number;
  body: number[];
  metadata: Array<{ key: string; index: number }>;
  acl?: number;
}

/** The three statements a scan needs; every name in them is quoted, every value a parameter. */
export interface TableQueries {
  /** The table as it was resolved, for messages and URIs: `schema.table` or `table`. */
  table: string;
  /** `$1` = limit: the first page of `(id::text, version)`, in id order. */
  listFirst: string;
  /** `$1` = the last id seen, `$2` = limit: the next page (keyset pagination, no OFFSET). */
  listAfter: string;
  /** `$1` = an array of ids: those rows in full, laid out as `layout` says. */
  readRows: string;
  layout: RowLayout;
}

/** Metadata keys the document-change contract accepts. */
const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

export function buildTableQueries(options: PostgresTableOptions): TableQueries {
  const tableParts = parseQualifiedName(options.table.trim(), 2);
  const table = quoteQualifiedName(tableParts);
  const id = quoteIdentifier(parseColumnName(options.idColumn));
  const version = quoteIdentifier(parseColumnName(options.versionColumn));
  if (options.bodyColumns.length === 0)
    throw new InvalidIdentifierError('at least one body column is needed');
  const metadataKeys = (options.metadataColumns ?? []).map(parseColumnName);
  const unfit = metadataKeys.find((key) => !METADATA_KEY.test(key));
  if (unfit !== undefined)
    throw new InvalidIdentifierError(
      `metadata column "${unfit}" cannot be a metadata key (letters, digits, "_" and "-", starting with a letter or "_")`,
    );

  // The id travels as text both ways: docIds are strings, and PostgreSQL casts the text back to the id's type.
  const columns = [`${id}::text`, version, quoteIdentifier(parseColumnName(options.titleColumn))];
  const place = (column: string) => columns.push(column) - 1;
  const layout: RowLayout = {
    id: 0,
    version: 1,
    title: 2,
    body: options.bodyColumns.map((column) => place(quoteIdentifier(parseColumnName(column)))),
    metadata: metadataKeys.map((key) => ({ key, index: place(quoteIdentifier(key)) })),
  };
  if (options.aclColumn !== undefined)
    layout.acl = place(quoteIdentifier(parseColumnName(options.aclColumn)));

  const list = `SELECT ${id}::text, ${version} FROM ${table}`;
  return {
    table: tableParts.join('.'),
    listFirst: `${list} WHERE ${id} IS NOT NULL ORDER BY ${id} LIMIT $1`,
    listAfter: `${list} WHERE ${id} > $1 ORDER BY ${id} LIMIT $2`,
    readRows: `SELECT ${columns.join(', ')} FROM ${table} WHERE ${id} = ANY($1)`,
    layout,
  };
}
