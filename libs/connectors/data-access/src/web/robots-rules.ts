import robotsParser from 'robots-parser';

type ParsedRobots = ReturnType<typeof robotsParser>;

/** What a site's robots.txt allows one user agent (RFC 9309, via robots-parser). */
export class RobotsRules {
  private constructor(
    private readonly parsed: ParsedRobots | undefined,
    private readonly userAgent: string,
  ) {}

  static parse(robotsUrl: URL, text: string, userAgent: string): RobotsRules {
    return new RobotsRules(robotsParser(robotsUrl.href, text), userAgent);
  }

  /** A site without robots.txt (4xx): everything is allowed. */
  static allowAll(userAgent: string): RobotsRules {
    return new RobotsRules(undefined, userAgent);
  }

  /** False as well for a URL this robots.txt does not govern (another origin). */
  isAllowed(url: URL): boolean {
    if (!this.parsed) return true;
    return this.parsed.isAllowed(url.href, this.userAgent) === true;
  }

  /** The Crawl-delay for our user agent in ms, if the site sets one. */
  crawlDelayMs(): number | undefined {
    const seconds = this.parsed?.getCrawlDelay(this.userAgent);
    return seconds === undefined || !(seconds >= 0) ? undefined : Math.round(seconds * 1000);
  }

  sitemaps(): string[] {
    return this.parsed?.getSitemaps() ?? [];
  }
}
