import { resolve } from 'node:path';
import { DEFAULT_TENANT, tenantSchema } from '@tributary/contracts';
import {
  FilesystemConnector,
  InvalidIdentifierError,
  InvalidWebOptionsError,
  PostgresTableConnector,
  type SourceConnector,
  WebConnector,
} from '@tributary/connectors-data-access';

export interface ConnectorOptions {
  root?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  /** web: start URL, sitemap and crawl limits. postgres: the connection URL. */
  url?: string;
  sitemap?: string;
  maxDepth?: number;
  maxPages?: number;
  /** postgres: the table and the columns each part of a document comes from (lists comma-separated). */
  table?: string;
  idColumn?: string;
  versionColumn?: string;
  titleColumn?: string;
  bodyColumn?: string;
  metadataColumns?: string;
  aclColumn?: string;
  uriTemplate?: string;
}

export const CONNECTOR_KINDS = ['filesystem', 'web', 'postgres'] as const;

export class UsageError extends Error {}

/** The --tenant flag checked against the contract; the default tenant when absent. */
export function tenantOf(value: string | undefined): string {
  const tenant = value ?? DEFAULT_TENANT;
  const parsed = tenantSchema.safeParse(tenant);
  if (!parsed.success)
    throw new UsageError(`--tenant "${tenant}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return tenant;
}

/** Builds a connector of a kind from CLI options, with a clear error for missing ones. */
export function createConnector(kind: string, options: ConnectorOptions): SourceConnector {
  switch (kind) {
    case 'filesystem':
      if (!options.root) throw new UsageError('the filesystem connector needs --root <dir>');
      return new FilesystemConnector({
        root: resolve(options.root),
        include: options.include ?? [],
        exclude: options.exclude ?? [],
        ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
      });
    case 'web':
      return createWebConnector(options);
    case 'postgres':
      return createPostgresConnector(options);
    default:
      throw new UsageError(`unknown connector kind "${kind}"; known kinds: ${CONNECTOR_KINDS.join(', ')}`);
  }
}

function createWebConnector(options: ConnectorOptions): WebConnector {
  if (!options.url && !options.sitemap)
    throw new UsageError('the web connector needs --url <start-url> (or --sitemap <url>)');
  for (const [flag, value] of [
    ['--url', options.url],
    ['--sitemap', options.sitemap],
  ] as const)
    if (value !== undefined && !isHttpUrl(value))
      throw new UsageError(`${flag} must be an absolute http(s) URL, got "${value}"`);
  try {
    return new WebConnector({
      ...(options.url ? { startUrl: options.url } : {}),
      ...(options.sitemap ? { sitemapUrl: options.sitemap } : {}),
      ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
      ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidWebOptionsError) throw new UsageError(error.message);
    throw error;
  }
}

function createPostgresConnector(options: ConnectorOptions): PostgresTableConnector {
  const { url, table, idColumn, versionColumn, titleColumn, bodyColumn } = options;
  if (!url || !table || !idColumn || !versionColumn || !titleColumn || !bodyColumn) {
    const missing = [
      [url, '--url <postgres-url>'],
      [table, '--table <[schema.]table>'],
      [idColumn, '--id-column <column>'],
      [versionColumn, '--version-column <column>'],
      [titleColumn, '--title-column <column>'],
      [bodyColumn, '--body-column <column[,column]>'],
    ].flatMap(([value, flag]) => (value ? [] : [flag]));
    throw new UsageError(`the postgres connector needs ${missing.join(', ')}`);
  }
  // The URL is not echoed: it may hold a password.
  if (!URL.canParse(url) || !['postgres:', 'postgresql:'].includes(new URL(url).protocol))
    throw new UsageError('--url must be a postgres:// or postgresql:// URL for the postgres connector');
  try {
    return new PostgresTableConnector({
      url,
      table,
      idColumn,
      versionColumn,
      titleColumn,
      bodyColumns: listOf(bodyColumn),
      ...(options.metadataColumns ? { metadataColumns: listOf(options.metadataColumns) } : {}),
      ...(options.aclColumn ? { aclColumn: options.aclColumn } : {}),
      ...(options.uriTemplate ? { uriTemplate: options.uriTemplate } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidIdentifierError) throw new UsageError(error.message);
    throw error;
  }
}

const listOf = (value: string) => value.split(',').filter((item) => item.trim() !== '');

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

/** The host of a web connector's URL, port included ("docs.example.com", "127.0.0.1:8080"). */
function webHost(options: ConnectorOptions): string | undefined {
  const url = options.url ?? options.sitemap;
  return url && URL.canParse(url) ? new URL(url).host : undefined;
}

/** A source name from a root folder's name, a table's name or a URL's host, lowercased to the contract's alphabet. */
export function defaultSourceName(kind: string, options: ConnectorOptions): string {
  const base = options.root
    ? (resolve(options.root).split('/').pop() ?? kind)
    : kind === 'postgres'
      ? options.table?.replace(/"/g, '') || kind
      : (webHost(options) ?? kind);
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || kind
  );
}
