import type { RobotsRules } from './robots-rules';
import type { WebCrawlSettings } from './web-connector.options';

type PathSettings = Pick<WebCrawlSettings, 'includePaths' | 'excludePaths'>;

/** Whether a URL's path is under an included prefix (any, when none is given) and no excluded one. */
export function isWithinPaths(url: URL, settings: PathSettings): boolean {
  const path = url.pathname;
  const included =
    settings.includePaths.length === 0 || settings.includePaths.some((prefix) => path.startsWith(prefix));
  return included && !settings.excludePaths.some((prefix) => path.startsWith(prefix));
}

/** Which URLs a crawl may request: the allowed origin, the path prefixes, and robots.txt. */
export class CrawlScope {
  constructor(
    private readonly settings: Pick<WebCrawlSettings, 'origin'> & PathSettings,
    private readonly robots: RobotsRules,
  ) {}

  allows(url: URL): boolean {
    return (
      url.origin === this.settings.origin && isWithinPaths(url, this.settings) && this.robots.isAllowed(url)
    );
  }
}
