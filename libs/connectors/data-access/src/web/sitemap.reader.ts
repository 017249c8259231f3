import type { SourceFailure } from '../source-connector';
import type { HttpFetcher } from './http-fetcher';
import type { RobotsRules } from './robots-rules';
import { parseSitemap, type Sitemap } from './sitemap';
import { docIdOf, normaliseUrl } from './url-normalisation';

/** Pages the sitemaps list, and the sitemaps that could not be read. */
export interface SitemapPages {
  pages: URL[];
  failures: SourceFailure[];
}

const MAX_CHILD_SITEMAPS = 100;

const sameOrigin = (origin: string) => (href: string) => {
  const url = normaliseUrl(href);
  return url?.origin === origin ? [url] : [];
};

/**
 * The pages listed by the configured sitemap, else by those robots.txt names,
 * else by /sitemap.xml when there is one. A sitemap index is followed one
 * level; sitemaps and pages on other origins are ignored; reading stops once
 * `limit` pages are listed.
 */
export async function readSitemaps(
  fetcher: HttpFetcher,
  origin: string,
  configured: URL | undefined,
  robots: RobotsRules,
  limit: number,
): Promise<SitemapPages> {
  const named = configured ? [configured] : robots.sitemaps().flatMap(sameOrigin(origin));
  const guessed = named.length === 0;
  const roots = guessed ? [new URL('/sitemap.xml', origin)] : named;
  const result: SitemapPages = { pages: [], failures: [] };
  const read = async (url: URL): Promise<Sitemap | undefined> => {
    try {
      const response = await fetcher.get(url);
      if (response.kind === 'body') return parseSitemap(response.text);
      const missing = response.kind === 'status' && (response.status === 404 || response.status === 410);
      if (!(guessed && missing))
        result.failures.push({ docId: docIdOf(url), error: `sitemap: HTTP ${response.status}` });
    } catch (error) {
      result.failures.push({ docId: docIdOf(url), error: `sitemap: ${(error as Error).message}` });
    }
    return undefined;
  };
  for (const root of roots) {
    const sitemap = await read(root);
    const children = sitemap?.kind === 'index' ? sitemap.locations.flatMap(sameOrigin(origin)) : [];
    const listings = sitemap?.kind === 'urlset' ? [sitemap] : [];
    for (const child of children.slice(0, MAX_CHILD_SITEMAPS)) {
      if (result.pages.length >= limit) break;
      const listing = await read(child);
      if (listing?.kind === 'urlset') listings.push(listing);
    }
    for (const listing of listings) result.pages.push(...listing.locations.flatMap(sameOrigin(origin)));
    if (result.pages.length >= limit) break;
  }
  result.pages = result.pages.slice(0, limit);
  return result;
}
