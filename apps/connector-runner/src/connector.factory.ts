import { resolve } from 'node:path';
import {
  FilesystemConnector,
  InvalidWebOptionsError,
  type SourceConnector,
  WebConnector,
} from '@tributary/connectors-data-access';

export interface ConnectorOptions {
  root?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  /** web: start URL, sitemap and crawl limits. */
  url?: string;
  sitemap?: string;
  maxDepth?: number;
  maxPages?: number;
}

export const CONNECTOR_KINDS = ['filesystem', 'web'] as const;

export class UsageError extends Error {}

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

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

/** The host of a web connector's URL, port included ("docs.example.com", "127.0.0.1:8080"). */
function webHost(options: ConnectorOptions): string | undefined {
  const url = options.url ?? options.sitemap;
  return url && URL.canParse(url) ? new URL(url).host : undefined;
}

/** A source name from a root folder's name or a URL's host, lowercased to the contract's alphabet. */
export function defaultSourceName(kind: string, options: ConnectorOptions): string {
  const base = options.root ? (resolve(options.root).split('/').pop() ?? kind) : (webHost(options) ?? kind);
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || kind
  );
}
