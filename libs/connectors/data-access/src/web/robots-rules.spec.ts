import { RobotsRules } from './robots-rules';
import { WEB_USER_AGENT } from './web-connector.options';

const robotsUrl = new URL('https://site.example/robots.txt');
const at = (path: string) => new URL(path, 'https://site.example');

describe('RobotsRules', () => {
  it('disallows the paths the group for every agent disallows, and allows the rest', () => {
    const rules = RobotsRules.parse(
      robotsUrl,
      'User-agent: *\nDisallow: /private\nAllow: /private/open\n',
      WEB_USER_AGENT,
    );
    expect(rules.isAllowed(at('/private'))).toBe(false);
    expect(rules.isAllowed(at('/private/x.html'))).toBe(false);
    expect(rules.isAllowed(at('/private/open/y'))).toBe(true);
    expect(rules.isAllowed(at('/public'))).toBe(true);
  });

  it('applies the group naming our product token instead of the * group', () => {
    const text =
      'User-agent: *\nDisallow: /\n\nUser-agent: TributaryBot\nDisallow: /drafts\nCrawl-delay: 2\n';
    const rules = RobotsRules.parse(robotsUrl, text, WEB_USER_AGENT);
    expect(rules.isAllowed(at('/guide'))).toBe(true);
    expect(rules.isAllowed(at('/drafts/a'))).toBe(false);
    expect(rules.crawlDelayMs()).toBe(2000);
  });

  it('reads a fractional Crawl-delay and the sitemaps; no delay when none is set', () => {
    const rules = RobotsRules.parse(
      robotsUrl,
      'Sitemap: https://site.example/sitemap.xml\nUser-agent: *\nCrawl-delay: 0.5\n',
      WEB_USER_AGENT,
    );
    expect(rules.crawlDelayMs()).toBe(500);
    expect(rules.sitemaps()).toEqual(['https://site.example/sitemap.xml']);
    expect(
      RobotsRules.parse(robotsUrl, 'User-agent: *\nDisallow:\n', WEB_USER_AGENT).crawlDelayMs(),
    ).toBeUndefined();
  });

  it('never allows a URL on another origin than its robots.txt', () => {
    const rules = RobotsRules.parse(robotsUrl, 'User-agent: *\nAllow: /\n', WEB_USER_AGENT);
    expect(rules.isAllowed(new URL('https://other.example/'))).toBe(false);
    expect(rules.isAllowed(new URL('http://site.example/'))).toBe(false);
  });

  it('allows everything when the site has no robots.txt', () => {
    const rules = RobotsRules.allowAll(WEB_USER_AGENT);
    expect(rules.isAllowed(at('/anything'))).toBe(true);
    expect(rules.crawlDelayMs()).toBeUndefined();
    expect(rules.sitemaps()).toEqual([]);
  });
});
