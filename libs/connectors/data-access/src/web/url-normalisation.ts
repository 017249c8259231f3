/** One spelling per page: the URLs the web connector requests and the docIds it derives from them. */

const CRAWLABLE_PROTOCOLS = new Set(['http:', 'https:']);
const PERCENT_ENCODED = /%[0-9a-f]{2}/gi;
const UNRESERVED = /^[A-Za-z0-9\-_~]$/;

/**
 * `href` resolved against `base` as an absolute http(s) URL without fragment,
 * credentials or an empty query, with percent-encodings in one case and
 * unreserved characters decoded (RFC 3986 §6.2.2); undefined for anything
 * else (mailto:, javascript:, unparseable).
 */
export function normaliseUrl(href: string, base?: string | URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (!CRAWLABLE_PROTOCOLS.has(url.protocol)) return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.search === '') url.search = '';
  url.pathname = url.pathname.replace(PERCENT_ENCODED, (code) => {
    const char = String.fromCharCode(parseInt(code.slice(1), 16));
    return UNRESERVED.test(char) ? char : code.toUpperCase();
  });
  return url;
}

/** The docId of a page: its path and query, relative to the origin ("/docs/a?lang=en"). */
export function docIdOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}
