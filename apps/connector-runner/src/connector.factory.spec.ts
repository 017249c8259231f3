import { createConnector, defaultSourceName, tenantOf, UsageError } from './connector.factory';

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

describe('connector factory: postgres', () => {
  const postgres = {
    url: 'postgresql://tributary:tributary@127.0.0.1:5432/tributary',
    table: 'public.articles',
    idColumn: 'id',
    versionColumn: 'updated_at',
    titleColumn: 'title',
    bodyColumn: 'summary,body',
  };

  it('builds a postgres table connector from the column options', () => {
    expect(createConnector('postgres', { ...postgres, metadataColumns: 'author,lang' }).kind).toBe(
      'postgres',
    );
  });

  it('names every missing option in one usage error', () => {
    expect(() => createConnector('postgres', { url: postgres.url, table: 'articles' })).toThrow(
      new UsageError(
        'the postgres connector needs --id-column <column>, --version-column <column>, --title-column <column>, --body-column <column[,column]>',
      ),
    );
  });

  it('refuses a URL that is not postgres://, without echoing it (it may hold a password)', () => {
    expect(() => createConnector('postgres', { ...postgres, url: 'mysql://u:pw@db/x' })).toThrow(
      new UsageError('--url must be a postgres:// or postgresql:// URL for the postgres connector'),
    );
  });

  it('turns a name that cannot be an identifier into a usage error', () => {
    expect(() => createConnector('postgres', { ...postgres, table: 'a.b.c' })).toThrow(
      new UsageError('"a.b.c" has 3 dotted parts; at most 2 allowed'),
    );
    expect(() => createConnector('postgres', { ...postgres, metadataColumns: '"a.b"' })).toThrow(UsageError);
  });

  it('names the source after the table', () => {
    expect(defaultSourceName('postgres', postgres)).toBe('public.articles');
    expect(defaultSourceName('postgres', { ...postgres, table: '"Sales"."Q1 Report"' })).toBe(
      'sales.q1-report',
    );
  });
});

describe('connector factory: --tenant', () => {
  it('is the default tenant when absent, and any tenant the contract allows otherwise', () => {
    expect(tenantOf(undefined)).toBe('default');
    expect(tenantOf('acme.prod-1')).toBe('acme.prod-1');
  });

  it.each(['Acme', '-acme', 'a'.repeat(65), ''])(
    'refuses %j with a usage error saying what a tenant is',
    (value) => {
      expect(() => tenantOf(value)).toThrow(UsageError);
      expect(() => tenantOf(value)).toThrow(/--tenant ".*": tenants are 1-64 lowercase letters/);
    },
  );
});
