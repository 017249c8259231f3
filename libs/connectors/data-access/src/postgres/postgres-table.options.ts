/** What the PostgreSQL table connector reads, as given on the command line. */
export interface PostgresTableOptions {
  /** postgres:// or postgresql:// URL; its password never appears in messages or URIs. */
  url: string;
  /** `table` or `schema.table`, written as in SQL (unquoted names fold to lower case). */
  table: string;
  /** Unique and not null (a primary key): its text form is the docId. */
  idColumn: string;
  /** An updated-at timestamp (epoch ms) or a non-negative integer row version, bumped on every change. */
  versionColumn: string;
  titleColumn: string;
  /** One or more text columns; the non-null ones are joined by a blank line. */
  bodyColumns: readonly string[];
  /** `{id}` is replaced by the URL-encoded docId; without one, a postgresql:// URI naming the row. */
  uriTemplate?: string;
  /** Copied into the document's metadata under their column names. */
  metadataColumns?: readonly string[];
  /** A text[] column of principals allowed to read the row; null means public. */
  aclColumn?: string;
  /** Ids and versions listed per query (keyset pagination on the id). */
  listPageSize?: number;
  /** Changed rows read in full per query. */
  readPageSize?: number;
}

export const DEFAULT_LIST_PAGE_SIZE = 1000;
export const DEFAULT_READ_PAGE_SIZE = 100;

/** host:port/database of a connection URL, for messages: no user, no password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host || 'localhost'}${parsed.pathname || '/'}`;
  } catch {
    return '(unparseable URL)';
  }
}
