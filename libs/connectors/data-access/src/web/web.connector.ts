import type { Checkpoint } from '../checkpoint.repository';
import type { ScanItem, SourceConnector } from '../source-connector';
import { mapConcurrently } from './concurrent-map';
import { CrawlFrontier } from './crawl-frontier';
import { CrawlScope } from './crawl-scope';
import { HttpFetcher } from './http-fetcher';
import { PageReader, type PageOutcome } from './page-reader';
import { RequestPacer } from './request-pacer';
import { readRobots } from './robots.reader';
import { readSitemaps } from './sitemap.reader';
import { docIdOf, normaliseUrl } from './url-normalisation';
import { resolveWebOptions, type WebConnectorOptions, type WebCrawlSettings } from './web-connector.options';
import { WebSourceUnreachableError } from './web.errors';

/**
 * Crawls one site breadth-first from a start URL and its sitemaps, within one
 * origin, obeying robots.txt. The docId of a page is its path and query.
 *
 * A page answering 304 is not downloaded, so its links are known only if this
 * connector read it earlier in the same process (interval mode). To keep a
 * fresh process from losing what lies behind unchanged pages, every page of
 * the last run's checkpoints that the crawl did not reach is re-checked
 * directly afterwards (without following its links), within the page budget.
 */
export class WebConnector implements SourceConnector {
  readonly kind = 'web';
  private readonly settings: WebCrawlSettings;
  /** Links of the pages the last complete pass read (or knew), by docId. */
  private knownLinks = new Map<string, URL[]>();

  constructor(options: WebConnectorOptions) {
    this.settings = resolveWebOptions(options);
  }

  async *scan(known: ReadonlyMap<string, Checkpoint> = new Map()): AsyncIterable<ScanItem> {
    const { settings } = this;
    const fetcherOptions = {
      userAgent: settings.userAgent,
      timeoutMs: settings.requestTimeoutMs,
      maxBytes: settings.maxPageBytes,
    };
    const robots = await readRobots(new HttpFetcher(fetcherOptions), settings.origin, settings.userAgent);
    const delayMs = Math.min(robots.crawlDelayMs() ?? 0, settings.maxCrawlDelayMs);
    const fetcher = new HttpFetcher({ ...fetcherOptions, pacer: new RequestPacer(delayMs) });
    const scope = new CrawlScope(settings, robots);
    const frontier = new CrawlFrontier(settings.maxPages);
    const reader = new PageReader({ fetcher, scope, frontier, known });
    const links = new Map<string, URL[]>();

    const read = (urls: readonly URL[]) =>
      mapConcurrently(urls, settings.concurrency, (url) => reader.read(url));
    const admit = (urls: readonly URL[]) => urls.filter((url) => scope.allows(url) && frontier.admit(url));
    /** Links found at the depth being read, in page order. */
    const found: URL[][] = [];

    const { startUrl } = settings;
    if (startUrl) {
      // Read alone and first: a site that is down fails the pass before anything else is asked of it.
      if (!admit([startUrl]).length)
        throw new WebSourceUnreachableError(`robots.txt disallows the start URL ${startUrl.href}`);
      const outcome = await reader.read(startUrl);
      if (outcome.kind === 'failure' || outcome.kind === 'skipped') {
        const why = outcome.kind === 'failure' ? outcome.failure.error : outcome.reason;
        throw new WebSourceUnreachableError(`the start URL ${startUrl.href} is unreachable: ${why}`);
      }
      const item = this.itemOf(outcome, links);
      if (item) yield item;
      found.push(this.linksOf(outcome));
    }
    const sitemaps = await readSitemaps(
      fetcher,
      settings.origin,
      settings.sitemapUrl,
      robots,
      settings.maxPages,
    );
    if (!startUrl && sitemaps.pages.length === 0 && sitemaps.failures.length > 0)
      throw new WebSourceUnreachableError(`cannot read the sitemap: ${sitemaps.failures[0]?.error}`);
    for (const failure of sitemaps.failures) yield { kind: 'failure', failure };

    let level = admit(sitemaps.pages);
    for (let depth = 0; ; depth++) {
      const offset = found.length;
      for await (const { index, result } of read(level)) {
        const item = this.itemOf(result, links);
        if (item) yield item;
        found[offset + index] = this.linksOf(result);
      }
      if (depth >= settings.maxDepth) break;
      level = admit(found.flat());
      found.length = 0;
      if (level.length === 0) break;
    }

    for await (const { result } of read(admit(unreachedPages(known, settings.origin)))) {
      const item = this.itemOf(result, links);
      if (item) yield item;
    }
    this.knownLinks = links;
  }

  private linksOf(outcome: PageOutcome): URL[] {
    if (outcome.kind === 'document') return outcome.links;
    if (outcome.kind === 'unchanged') return this.knownLinks.get(outcome.docId) ?? [];
    return [];
  }

  /** The scan item for a page outcome; records the page's links (read now, or remembered for a 304). */
  private itemOf(outcome: PageOutcome, links: Map<string, URL[]>): ScanItem | undefined {
    switch (outcome.kind) {
      case 'document':
        links.set(outcome.document.docId, outcome.links);
        return { kind: 'document', document: outcome.document };
      case 'unchanged':
        links.set(outcome.docId, this.linksOf(outcome));
        return { kind: 'unchanged', docId: outcome.docId };
      case 'failure':
        return { kind: 'failure', failure: outcome.failure };
      case 'skipped':
        return undefined;
    }
  }
}

/** The URLs of the last run's pages, in docId order; the crawl admits those it did not reach. */
function unreachedPages(known: ReadonlyMap<string, Checkpoint>, origin: string): URL[] {
  return [...known.keys()].sort().flatMap((docId) => {
    const url = normaliseUrl(docId, origin);
    return url && docIdOf(url) === docId ? [url] : [];
  });
}
