import { resolveWebOptions, WEB_DEFAULTS, WEB_USER_AGENT } from './web-connector.options';
import { InvalidWebOptionsError } from './web.errors';

describe('resolveWebOptions', () => {
  it('confines the crawl to the start URL origin and fills in the defaults', () => {
    const settings = resolveWebOptions({ startUrl: 'https://Docs.Example.com/guide/#top' });
    expect(settings).toMatchObject({
      origin: 'https://docs.example.com',
      maxDepth: WEB_DEFAULTS.maxDepth,
      maxPages: WEB_DEFAULTS.maxPages,
      concurrency: 2,
      userAgent: WEB_USER_AGENT,
    });
    expect(settings.startUrl?.href).toBe('https://docs.example.com/guide/');
  });

  it('takes the origin from the sitemap when there is no start URL', () => {
    expect(resolveWebOptions({ sitemapUrl: 'http://127.0.0.1:8080/sitemap.xml' }).origin).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it.each([
    [{}, /needs a start URL or a sitemap URL/],
    [{ startUrl: 'docs.example.com' }, /startUrl must be an absolute http\(s\) URL/],
    [{ startUrl: 'ftp://docs.example.com/' }, /startUrl must be an absolute http\(s\) URL/],
    [
      { startUrl: 'https://a.example/', sitemapUrl: 'https://b.example/sitemap.xml' },
      /outside the allowed origin/,
    ],
    [{ startUrl: 'https://a.example/', allowedOrigin: 'https://b.example' }, /outside the allowed origin/],
    [{ startUrl: 'https://a.example/', maxPages: 0 }, /maxPages must be an integer from 1/],
    [{ startUrl: 'https://a.example/', concurrency: 100 }, /concurrency must be an integer from 1 to 16/],
    [{ startUrl: 'https://a.example/', includePaths: ['docs/'] }, /must be URL paths starting with "\/"/],
    [{ startUrl: 'https://a.example/', includePaths: ['/docs/'] }, /outside the included paths/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveWebOptions(options)).toThrow(InvalidWebOptionsError);
    expect(() => resolveWebOptions(options)).toThrow(message);
  });
});
