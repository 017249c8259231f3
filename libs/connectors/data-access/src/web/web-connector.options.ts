import { isWithinPaths } from './crawl-scope';
import { normaliseUrl } from './url-normalisation';
import { InvalidWebOptionsError } from './web.errors';

export const WEB_USER_AGENT = 'TributaryBot/0.1 (+https://github.com/tributary)';

export interface WebConnectorOptions {
  /** Where the breadth-first crawl starts (depth 0). */
  startUrl?: string;
  /** A sitemap or sitemap index whose pages are crawled as depth-0 seeds too. */
  sitemapUrl?: string;
  /** The only origin ever requested; defaults to the start URL's (or the sitemap's). */
  allowedOrigin?: string;
  /** Links are followed this many hops from a seed (default 3). */
  maxDepth?: number;
  /** Pages requested per pass, robots.txt and sitemaps aside (default 1000). */
  maxPages?: number;
  /** URL path prefixes ("/docs/"): only these are crawled, when given. */
  includePaths?: readonly string[];
  /** URL path prefixes never crawled. */
  excludePaths?: readonly string[];
  requestTimeoutMs?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  userAgent?: string;
  /** Larger pages are reported as failures (default 4 MiB). */
  maxPageBytes?: number;
  /** A robots.txt Crawl-delay is honoured up to this (default 10 s). */
  maxCrawlDelayMs?: number;
}

/** Options checked and completed with their defaults. */
export interface WebCrawlSettings {
  startUrl: URL | undefined;
  sitemapUrl: URL | undefined;
  origin: string;
  maxDepth: number;
  maxPages: number;
  includePaths: readonly string[];
  excludePaths: readonly string[];
  requestTimeoutMs: number;
  concurrency: number;
  userAgent: string;
  maxPageBytes: number;
  maxCrawlDelayMs: number;
}

export const WEB_DEFAULTS = {
  maxDepth: 3,
  maxPages: 1000,
  requestTimeoutMs: 15_000,
  concurrency: 2,
  maxPageBytes: 4 * 1024 * 1024,
  maxCrawlDelayMs: 10_000,
} as const;

const MAX_CONCURRENCY = 16;

function urlOption(name: string, value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  const url = normaliseUrl(value);
  if (!url) throw new InvalidWebOptionsError(`${name} must be an absolute http(s) URL, got "${value}"`);
  return url;
}

function intOption(name: string, value: number | undefined, fallback: number, min: number, max = Infinity) {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min || resolved > max)
    throw new InvalidWebOptionsError(`${name} must be an integer from ${min} to ${max}, got ${resolved}`);
  return resolved;
}

function pathPrefixes(name: string, prefixes: readonly string[] = []): readonly string[] {
  const bad = prefixes.find((prefix) => !prefix.startsWith('/'));
  if (bad !== undefined)
    throw new InvalidWebOptionsError(`${name} must be URL paths starting with "/", got "${bad}"`);
  return prefixes;
}

/** Checks the options and fills in defaults; throws InvalidWebOptionsError naming the bad one. */
export function resolveWebOptions(options: WebConnectorOptions): WebCrawlSettings {
  const startUrl = urlOption('startUrl', options.startUrl);
  const sitemapUrl = urlOption('sitemapUrl', options.sitemapUrl);
  const entry = startUrl ?? sitemapUrl;
  if (!entry) throw new InvalidWebOptionsError('the web connector needs a start URL or a sitemap URL');
  const origin = options.allowedOrigin
    ? urlOption('allowedOrigin', options.allowedOrigin)?.origin
    : entry.origin;
  for (const [name, url] of [
    ['startUrl', startUrl],
    ['sitemapUrl', sitemapUrl],
  ] as const)
    if (url && url.origin !== origin)
      throw new InvalidWebOptionsError(`${name} ${url.href} is outside the allowed origin ${origin}`);
  const settings: WebCrawlSettings = {
    startUrl,
    sitemapUrl,
    origin: origin ?? entry.origin,
    maxDepth: intOption('maxDepth', options.maxDepth, WEB_DEFAULTS.maxDepth, 0),
    maxPages: intOption('maxPages', options.maxPages, WEB_DEFAULTS.maxPages, 1),
    includePaths: pathPrefixes('includePaths', options.includePaths),
    excludePaths: pathPrefixes('excludePaths', options.excludePaths),
    requestTimeoutMs: intOption(
      'requestTimeoutMs',
      options.requestTimeoutMs,
      WEB_DEFAULTS.requestTimeoutMs,
      1,
    ),
    concurrency: intOption('concurrency', options.concurrency, WEB_DEFAULTS.concurrency, 1, MAX_CONCURRENCY),
    userAgent: options.userAgent ?? WEB_USER_AGENT,
    maxPageBytes: intOption('maxPageBytes', options.maxPageBytes, WEB_DEFAULTS.maxPageBytes, 1),
    maxCrawlDelayMs: intOption('maxCrawlDelayMs', options.maxCrawlDelayMs, WEB_DEFAULTS.maxCrawlDelayMs, 0),
  };
  if (startUrl && !isWithinPaths(startUrl, settings))
    throw new InvalidWebOptionsError(`startUrl ${startUrl.href} is outside the included paths`);
  return settings;
}
