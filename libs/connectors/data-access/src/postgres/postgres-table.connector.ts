import type { Checkpoint } from '../checkpoint.repository';
import type { ScanItem, SourceConnector } from '../source-connector';
import {
  DEFAULT_LIST_PAGE_SIZE,
  DEFAULT_READ_PAGE_SIZE,
  describeDatabase,
  type PostgresTableOptions,
} from './postgres-table.options';
import { PostgresTableRepository } from './postgres-table.repository';
import { UnreadableRowError } from './postgres-source.errors';
import { rowToDocument, versionOf } from './row-document.mapper';
import { buildTableQueries, type TableQueries } from './table-query.builder';

/**
 * One table, one document per row. A scan lists every (id, version) in id
 * order, page by page, and reads in full only the rows whose version differs
 * from their checkpoint: an unchanged table costs one index scan of two columns.
 * Deleted rows are simply not listed; the runner's reconciliation deletes them.
 */
export class PostgresTableConnector implements SourceConnector {
  readonly kind = 'postgres';
  private readonly queries: TableQueries;
  private readonly uriTemplate: string;

  /** Throws InvalidIdentifierError for a name that cannot be a table or column. */
  constructor(private readonly options: PostgresTableOptions) {
    this.queries = buildTableQueries(options);
    this.uriTemplate =
      options.uriTemplate ??
      `postgresql://${describeDatabase(options.url)}/${encodeURIComponent(this.queries.table)}/{id}`;
  }

  /** Rejects with a PostgresSourceError when the server, the table or a column cannot be read. */
  async *scan(known: ReadonlyMap<string, Checkpoint> = new Map()): AsyncIterable<ScanItem> {
    const pageSize = this.options.listPageSize ?? DEFAULT_LIST_PAGE_SIZE;
    const table = await PostgresTableRepository.connect(this.options.url, this.queries);
    try {
      let after: string | undefined;
      for (;;) {
        const page = await table.listVersions(after, pageSize);
        const changed: string[] = [];
        for (const row of page) {
          const item = this.compare(row.id, row.version, known);
          if (item) yield item;
          else changed.push(row.id);
        }
        yield* this.read(table, changed);
        if (page.length < pageSize) return;
        after = page[page.length - 1]?.id;
      }
    } finally {
      await table.close();
    }
  }

  /** 'unchanged' or a failure for a row that need not (or cannot) be read; undefined when it must be read. */
  private compare(
    docId: string,
    value: unknown,
    known: ReadonlyMap<string, Checkpoint>,
  ): ScanItem | undefined {
    try {
      return known.get(docId)?.sourceVersion === versionOf(value) ? { kind: 'unchanged', docId } : undefined;
    } catch (error) {
      if (!(error instanceof UnreadableRowError)) throw error;
      return { kind: 'failure', failure: { docId, error: error.message } };
    }
  }

  private async *read(table: PostgresTableRepository, ids: readonly string[]): AsyncIterable<ScanItem> {
    const pageSize = this.options.readPageSize ?? DEFAULT_READ_PAGE_SIZE;
    for (let i = 0; i < ids.length; i += pageSize) {
      const rows = await table.readRows(ids.slice(i, i + pageSize));
      // Listing order, not the read's; a row deleted since it was listed is simply absent.
      const byId = new Map(rows.map((row) => [String(row[this.queries.layout.id]), row]));
      for (const docId of ids.slice(i, i + pageSize)) {
        const row = byId.get(docId);
        if (row) yield rowToDocument(row, this.queries.layout, this.uriTemplate);
      }
    }
  }
}
