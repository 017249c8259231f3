import { startTestSite, type TestPage, type TestSite } from '@tributary/testing';
import type { Checkpoint } from '../checkpoint.repository';
import type { ScanItem, SourceDocument } from '../source-connector';
import { WebConnector } from './web.connector';
import { WEB_USER_AGENT, type WebConnectorOptions } from './web-connector.options';
import { WebSourceUnreachableError } from './web.errors';

const html = (title: string, ...links: string[]) =>
  `<html><head><title>${title}</title></head><body><h1>${title}</h1>` +
  links.map((href) => `<a href="${href}">${href}</a>`).join(' ') +
  '</body></html>';

const LAST_MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT';

async function collect(connector: WebConnector, known: ReadonlyMap<string, Checkpoint> = new Map()) {
  const items: ScanItem[] = [];
  for await (const item of connector.scan(known)) items.push(item);
  return items;
}
const documents = (items: ScanItem[]) => items.flatMap((i) => (i.kind === 'document' ? [i.document] : []));
const docIdsOf = (items: ScanItem[]) =>
  items.map((i) =>
    i.kind === 'document' ? i.document.docId : i.kind === 'unchanged' ? i.docId : i.failure.docId,
  );
const byId = (items: ScanItem[]) => new Map(documents(items).map((d) => [d.docId, d]));
/** What the runner would store after publishing these documents. */
const checkpointsOf = (items: ScanItem[]) =>
  new Map<string, Checkpoint>(
    documents(items).map((d: SourceDocument) => [
      d.docId,
      {
        sourceVersion: d.version,
        publishedVersion: d.version,
        ...(d.validator ? { validator: d.validator } : {}),
      },
    ]),
  );

describe('WebConnector against a local site', () => {
  let site: TestSite;
  let elsewhere: TestSite;
  const pagesRequested = () =>
    site.requested().filter((path) => path !== '/robots.txt' && path !== '/sitemap.xml');
  const connector = (options: Partial<WebConnectorOptions> = {}) =>
    new WebConnector({ startUrl: `${site.origin}/`, requestTimeoutMs: 2_000, ...options });

  beforeEach(async () => {
    elsewhere = await startTestSite({ '/offsite': { body: html('Off site') } });
    const pages: Record<string, TestPage> = {
      '/robots.txt': {
        contentType: 'text/plain',
        body: 'User-agent: *\nDisallow: /private\n',
      },
      '/sitemap.xml': {
        contentType: 'application/xml',
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>SITE/</loc></url>
          <url><loc>SITE/from-sitemap</loc></url>
          <url><loc>SITE/private/listed</loc></url>
          <url><loc>${elsewhere.origin}/offsite</loc></url>
        </urlset>`,
      },
      '/': {
        body: html(
          'Home',
          '/a',
          'a#section',
          '/private/secret',
          `${elsewhere.origin}/offsite`,
          '/etag',
          '/last-modified',
          '/broken',
          '/notes.txt',
          '/logo.png',
          '/removable',
          '/old-a',
          '/renamed',
          '/login-wall',
          '/moved-away',
          'mailto:team@example.com',
        ),
      },
      '/a': { body: html('Depth one', 'b') },
      '/b': { body: html('Depth two', '/c') },
      '/c': { body: html('Depth three', '/d') },
      '/d': { body: html('Depth four') },
      '/from-sitemap': { body: html('Only in the sitemap') },
      '/private/secret': { body: html('Secret') },
      '/private/listed': { body: html('Secret too') },
      '/etag': { etag: '"v1"', body: html('Tagged') },
      '/last-modified': { lastModified: LAST_MODIFIED, body: html('Dated') },
      '/broken': { status: 500, body: 'oops' },
      '/notes.txt': { contentType: 'text/plain; charset=utf-8', body: 'Plain notes.\n' },
      '/logo.png': { contentType: 'image/png', body: 'PNG' },
      '/removable': { body: html('Soon gone') },
      '/old-a': { status: 301, headers: { location: '/a' } },
      '/renamed': { status: 301, headers: { location: '/new-name' } },
      '/new-name': { body: html('New name') },
      '/login-wall': { status: 302, headers: { location: `${elsewhere.origin}/login` } },
      '/moved-away': { status: 301, headers: { location: `${elsewhere.origin}/offsite` } },
    };
    site = await startTestSite();
    for (const [path, page] of Object.entries(pages))
      site.pages.set(path, {
        ...page,
        ...(page.body ? { body: page.body.replaceAll('SITE', site.origin) } : {}),
      });
  });

  afterEach(async () => {
    await site.close();
    await elsewhere.close();
  });

  it('crawls breadth-first from the start URL and the sitemap, within robots.txt, the origin and the depth', async () => {
    const items = await collect(connector({ maxDepth: 3 }));

    expect(docIdsOf(items).sort()).toEqual([
      '/',
      '/a',
      '/b',
      '/broken',
      '/c',
      '/etag',
      '/from-sitemap',
      '/last-modified',
      '/login-wall',
      '/new-name',
      '/notes.txt',
      '/removable',
    ]);
    expect(new Set(docIdsOf(items)).size).toBe(items.length);
    expect(site.requested().filter((path) => path.startsWith('/private'))).toEqual([]);
    expect(site.requested()).not.toContain('/d');
    expect(elsewhere.requests).toEqual([]);
    expect(site.requests.every((request) => request.headers['user-agent'] === WEB_USER_AGENT)).toBe(true);
    expect(site.requested().filter((path) => path === '/robots.txt')).toHaveLength(1);
    expect(site.requested().filter((path) => path === '/a')).toHaveLength(1);
  });

  it('yields pages with their text, URL, metadata, versions and validators', async () => {
    const docs = byId(await collect(connector()));

    expect(docs.get('/')).toMatchObject({
      title: 'Home',
      uri: `${site.origin}/`,
      metadata: { contentType: 'text/html', statusCode: 200 },
    });
    expect(docs.get('/')?.body).toContain('Home');
    expect(docs.get('/last-modified')).toMatchObject({
      version: Date.parse(LAST_MODIFIED),
      metadata: { lastModified: new Date(LAST_MODIFIED).toISOString() },
    });
    expect(docs.get('/etag')).toMatchObject({ validator: '"v1"', title: 'Tagged' });
    expect(docs.get('/notes.txt')).toMatchObject({
      title: 'notes.txt',
      body: 'Plain notes.',
      metadata: { contentType: 'text/plain' },
    });
    expect(docs.get('/new-name')?.uri).toBe(`${site.origin}/new-name`);
    const again = byId(await collect(connector()));
    expect(again.get('/a')?.version).toBe(docs.get('/a')?.version);
  });

  it('reports a 5xx, a temporary redirect off the origin, a timeout and an oversized page as failures', async () => {
    site.pages.set('/a', { delayMs: 1_500, body: html('Slow') });
    site.pages.set('/b', { body: 'x'.repeat(5_000) });
    site.pages.set('/removable', { body: 'y'.repeat(5_000), chunked: true });
    const root = site.pages.get('/') as TestPage;
    site.pages.set('/', { body: `${root.body}<a href="/b">b</a>` });

    const items = await collect(connector({ requestTimeoutMs: 300, maxPageBytes: 4_000 }));
    const failures = new Map(
      items.flatMap((i) => (i.kind === 'failure' ? [[i.failure.docId, i.failure.error]] : [])),
    );

    expect(failures.get('/broken')).toBe('HTTP 500');
    expect(failures.get('/login-wall')).toMatch(
      /HTTP 302 to http:\/\/127\.0\.0\.1:\d+\/login, outside the crawl/,
    );
    expect(failures.get('/a')).toBe('timed out after 300 ms');
    expect(failures.get('/b')).toBe('page is 5000 bytes, over the 4000-byte limit');
    expect(failures.get('/removable')).toBe('page is over the 4000-byte limit');
    expect(docIdsOf(items)).not.toContain('/moved-away');
    expect(elsewhere.requests).toEqual([]);
  });

  it('stops at the page limit and at depth 0 requests only the seeds', async () => {
    const limited = await collect(connector({ maxPages: 3 }));
    expect(pagesRequested()).toHaveLength(3);
    expect(limited).toHaveLength(3);
    expect(docIdsOf(limited)).toContain('/');

    site.requests.length = 0;
    await collect(connector({ maxDepth: 0 }));
    expect(pagesRequested()).toEqual(['/', '/from-sitemap']);
  });

  it('rescans with conditional requests: 304s are unchanged, a changed page gets a new version, a 404 is not yielded', async () => {
    const web = connector();
    const first = await collect(web);
    const known = checkpointsOf(first);
    site.pages.set('/a', { body: html('Depth one, revised', 'b') });
    site.pages.delete('/removable');
    site.requests.length = 0;

    const second = await collect(web, known);

    const headersOf = (path: string) => site.requests.find((request) => request.path === path)?.headers;
    expect(headersOf('/etag')?.['if-none-match']).toBe('"v1"');
    expect(headersOf('/last-modified')?.['if-modified-since']).toBe(LAST_MODIFIED);
    expect(headersOf('/a')?.['if-none-match']).toBeUndefined();
    expect(headersOf('/a')?.['if-modified-since']).toBeUndefined();
    expect(second).toContainEqual({ kind: 'unchanged', docId: '/etag' });
    expect(second).toContainEqual({ kind: 'unchanged', docId: '/last-modified' });
    const revised = byId(second).get('/a');
    expect(revised?.title).toBe('Depth one, revised');
    expect(revised?.version).not.toBe(known.get('/a')?.sourceVersion);
    expect(byId(second).get('/b')?.version).toBe(known.get('/b')?.sourceVersion);
    expect(site.requested()).toContain('/removable');
    expect(docIdsOf(second)).not.toContain('/removable');
    expect(second).toContainEqual({ kind: 'failure', failure: { docId: '/broken', error: 'HTTP 500' } });
  });

  it('keeps the pages behind an unchanged page: followed through its remembered links, or re-checked by a new process', async () => {
    site.pages.set('/', { etag: '"home-1"', body: html('Home', '/a') });
    const web = connector();
    const known = checkpointsOf(await collect(web));
    expect([...known.keys()].sort()).toEqual(['/', '/a', '/b', '/c', '/from-sitemap']);
    site.pages.set('/a', { body: html('Depth one', 'b', '/a-new') });
    site.pages.set('/a-new', { body: html('New below a') });

    const sameProcess = await collect(web, known);
    expect(sameProcess).toContainEqual({ kind: 'unchanged', docId: '/' });
    expect(docIdsOf(sameProcess).sort()).toEqual(['/', '/a', '/a-new', '/b', '/c', '/from-sitemap']);

    const freshProcess = await collect(connector(), known);
    expect(freshProcess).toContainEqual({ kind: 'unchanged', docId: '/' });
    expect(docIdsOf(freshProcess)).toEqual(expect.arrayContaining(['/a', '/b', '/c', '/from-sitemap']));
  });

  it('spaces requests by the Crawl-delay, capped', async () => {
    site.pages.set('/robots.txt', { contentType: 'text/plain', body: 'User-agent: *\nCrawl-delay: 0.2\n' });
    await collect(connector({ maxPages: 4, concurrency: 2 }));
    const starts = site.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] as number));
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    // Unpaced, these requests would arrive within a few ms of each other.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(150);

    site.pages.set('/robots.txt', { contentType: 'text/plain', body: 'User-agent: *\nCrawl-delay: 60\n' });
    const started = Date.now();
    await collect(connector({ maxPages: 3, maxCrawlDelayMs: 50 }));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('crawls everything when robots.txt is missing', async () => {
    site.pages.delete('/robots.txt');
    await collect(connector());
    expect(site.requested()).toContain('/private/secret');
    expect(elsewhere.requests).toEqual([]);
  });

  it('fails the pass when the start URL or robots.txt cannot be read', async () => {
    site.pages.set('/', { status: 503 });
    await expect(collect(connector())).rejects.toThrow(
      new WebSourceUnreachableError(`the start URL ${site.origin}/ is unreachable: HTTP 503`),
    );

    site.pages.set('/robots.txt', { status: 500 });
    site.requests.length = 0;
    await expect(collect(connector())).rejects.toThrow(/robots\.txt at .* is unavailable \(HTTP 500\)/);
    expect(site.requested()).toEqual(['/robots.txt']);

    const closed = await startTestSite();
    const origin = closed.origin;
    await closed.close();
    await expect(collect(new WebConnector({ startUrl: `${origin}/` }))).rejects.toThrow(
      WebSourceUnreachableError,
    );
  });

  it('refuses to start from a page robots.txt disallows', async () => {
    await expect(collect(connector({ startUrl: `${site.origin}/private/secret` }))).rejects.toThrow(
      /robots\.txt disallows the start URL/,
    );
    expect(site.requested()).toEqual(['/robots.txt']);
  });
});
