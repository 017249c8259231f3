import { Client, types, type CustomTypesConfig } from 'pg';
import { describeDatabase } from './postgres-table.options';
import { PostgresSourceError } from './postgres-source.errors';
import type { TableQueries } from './table-query.builder';
import { parseZonelessAsUtc } from './timestamp.parser';

const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const CONNECT_TIMEOUT_MS = 10_000;

const typeParsers: CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === DATE_OID || oid === TIMESTAMP_OID ? parseZonelessAsUtc : types.getTypeParser(oid, format),
};

/** One row of the listing: the docId and the raw version value. */
export interface VersionRow {
  id: string;
  version: unknown;
}

/**
 * One table, read over one connection that lives for one scan. Every query
 * error (unreachable server, missing table or column, no privilege) becomes a
 * PostgresSourceError naming the table and server, never the password.
 */
export class PostgresTableRepository {
  /** Set when the server drops the connection between queries; the next query reports it. */
  private lost: Error | undefined;

  private constructor(
    private readonly client: Client,
    private readonly queries: TableQueries,
    private readonly database: string,
  ) {
    client.on('error', (error) => {
      this.lost = error;
    });
  }

  static async connect(url: string, queries: TableQueries): Promise<PostgresTableRepository> {
    const database = describeDatabase(url);
    const client = new Client({
      connectionString: url,
      application_name: 'tributary-connector',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      types: typeParsers,
    });
    const repository = new PostgresTableRepository(client, queries, database);
    try {
      await client.connect();
    } catch (error) {
      throw new PostgresSourceError(`cannot connect to PostgreSQL at ${database}: ${messageOf(error)}`);
    }
    return repository;
  }

  /** Up to `limit` ids (as text) with their versions, in id order, after `after` if given. */
  async listVersions(after: string | undefined, limit: number): Promise<VersionRow[]> {
    const rows =
      after === undefined
        ? await this.query(this.queries.listFirst, [limit])
        : await this.query(this.queries.listAfter, [after, limit]);
    return rows.map(([id, version]) => ({ id: String(id), version }));
  }

  /** The rows of these ids, laid out as `queries.layout` says; ids deleted meanwhile are simply missing. */
  readRows(ids: readonly string[]): Promise<unknown[][]> {
    return this.query(this.queries.readRows, [ids]);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async query(text: string, values: unknown[]): Promise<unknown[][]> {
    try {
      const result = await this.client.query<unknown[]>({ text, values, rowMode: 'array' });
      return result.rows;
    } catch (error) {
      throw new PostgresSourceError(
        `cannot read ${this.queries.table} at ${this.database}: ${messageOf(this.lost ?? error)}`,
      );
    }
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}
