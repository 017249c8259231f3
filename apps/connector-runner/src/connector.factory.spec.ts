import { createConnector, defaultSourceName, UsageError } from './connector.factory';

describe('connector factory', () => {
  it('builds a filesystem connector for a root folder', () => {
    expect(createConnector('filesystem', { root: '/tmp' }).kind).toBe('filesystem');
  });

  it('asks for --root when the filesystem connector has none', () => {
    expect(() => createConnector('filesystem', {})).toThrow(
      new UsageError('the filesystem connector needs --root <dir>'),
    );
  });

  it('names the known kinds when given an unknown one', () => {
    expect(() => createConnector('ftp', {})).toThrow(/unknown connector kind "ftp"; known kinds: filesystem/);
  });

  it('derives a source name in the contract alphabet from the root folder', () => {
    expect(defaultSourceName('filesystem', { root: '/data/My Docs' })).toBe('my-docs');
    expect(defaultSourceName('filesystem', { root: '/data/_Team Wiki!' })).toBe('team-wiki-');
    expect(defaultSourceName('filesystem', {})).toBe('filesystem');
  });
});

describe('connector factory: web', () => {
  it('builds a web connector for a start URL, or for a sitemap alone', () => {
    expect(createConnector('web', { url: 'https://docs.example.com/', maxDepth: 0, maxPages: 5 }).kind).toBe(
      'web',
    );
    expect(createConnector('web', { sitemap: 'https://docs.example.com/sitemap.xml' }).kind).toBe('web');
  });

  it('asks for --url when the web connector has none', () => {
    expect(() => createConnector('web', {})).toThrow(
      new UsageError('the web connector needs --url <start-url> (or --sitemap <url>)'),
    );
  });

  it.each([
    [{ url: 'docs.example.com' }, '--url must be an absolute http(s) URL, got "docs.example.com"'],
    [{ url: 'file:///etc/passwd' }, '--url must be an absolute http(s) URL, got "file:///etc/passwd"'],
    [{ url: 'https://a.example/', sitemap: 'nope' }, '--sitemap must be an absolute http(s) URL, got "nope"'],
    [
      { url: 'https://a.example/', sitemap: 'https://b.example/sitemap.xml' },
      'sitemapUrl https://b.example/sitemap.xml is outside the allowed origin https://a.example',
    ],
  ])('refuses %j with a usage error', (options, message) => {
    expect(() => createConnector('web', options)).toThrow(new UsageError(message));
  });

  it('names the source after the URL host', () => {
    expect(defaultSourceName('web', { url: 'https://Docs.Example.com/guide/' })).toBe('docs.example.com');
    expect(defaultSourceName('web', { url: 'http://127.0.0.1:8080/' })).toBe('127.0.0.1-8080');
    expect(defaultSourceName('web', { sitemap: 'https://wiki.example.org/sitemap.xml' })).toBe(
      'wiki.example.org',
    );
  });
});
