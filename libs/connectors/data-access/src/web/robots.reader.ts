import type { HttpFetcher } from './http-fetcher';
import { RobotsRules } from './robots-rules';
import { normaliseUrl } from './url-normalisation';
import { WebSourceUnreachableError } from './web.errors';

const MAX_REDIRECTS = 5;

/**
 * The site's robots.txt (RFC 9309 §2.3.1): a 4xx means no rules; a 5xx, a
 * network error or a redirect off the origin means the site may not be
 * crawled this pass, which is fatal rather than an empty crawl that would
 * delete every page.
 */
export async function readRobots(
  fetcher: HttpFetcher,
  origin: string,
  userAgent: string,
): Promise<RobotsRules> {
  let url = new URL('/robots.txt', origin);
  const unreachable = (why: string) =>
    new WebSourceUnreachableError(
      `robots.txt at ${url.href} is unavailable (${why}); not crawling ${origin}`,
    );
  for (let redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
    let response;
    try {
      response = await fetcher.get(url);
    } catch (error) {
      throw unreachable((error as Error).message);
    }
    switch (response.kind) {
      case 'body':
        return RobotsRules.parse(url, response.text, userAgent);
      case 'unaccepted':
        throw unreachable(`unexpected ${response.mediaType}`);
      case 'status':
        if (response.status >= 400 && response.status < 500) return RobotsRules.allowAll(userAgent);
        throw unreachable(`HTTP ${response.status}`);
      case 'redirect': {
        const target = response.location === undefined ? undefined : normaliseUrl(response.location, url);
        if (target?.origin !== origin) throw unreachable(`redirects to ${response.location ?? 'nowhere'}`);
        url = target;
      }
    }
  }
  throw unreachable(`more than ${MAX_REDIRECTS} redirects`);
}
