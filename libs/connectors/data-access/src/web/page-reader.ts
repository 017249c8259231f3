import { DOCUMENT_CHANGE_LIMITS } from '@tributary/contracts';
import type { Checkpoint } from '../checkpoint.repository';
import type { SourceDocument, SourceFailure } from '../source-connector';
import { fromHtml } from '../text-extraction';
import type { CrawlFrontier } from './crawl-frontier';
import type { CrawlScope } from './crawl-scope';
import type { HttpFetcher, HttpResponse } from './http-fetcher';
import { extractLinks } from './link-extraction';
import { conditionalHeaders, lastModifiedOf, pageVersion } from './page-version';
import { docIdOf, normaliseUrl } from './url-normalisation';

/**
 * What reading one page found. `skipped` is nothing to index: gone (404/410),
 * not a crawled media type, moved out of the crawl for good, or redirected onto
 * a page this pass reads anyway.
 */
export type PageOutcome =
  | { kind: 'document'; document: SourceDocument; links: URL[] }
  | { kind: 'unchanged'; docId: string }
  | { kind: 'failure'; failure: SourceFailure }
  | { kind: 'skipped'; reason: string };

export interface PageReaderContext {
  fetcher: HttpFetcher;
  scope: CrawlScope;
  frontier: CrawlFrontier;
  known: ReadonlyMap<string, Checkpoint>;
}

const MAX_REDIRECTS = 5;
const PERMANENT_REDIRECTS = new Set([301, 308]);
const CRAWLED_MEDIA_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const crawled = (mediaType: string) => CRAWLED_MEDIA_TYPES.has(mediaType);

const failure = (docId: string, error: unknown): PageOutcome => ({
  kind: 'failure',
  failure: { docId, error: error instanceof Error ? error.message : String(error) },
});
const skipped = (reason: string): PageOutcome => ({ kind: 'skipped', reason });

/** Reads one page with a conditional GET, following redirects only within the crawl. */
export class PageReader {
  constructor(private readonly context: PageReaderContext) {}

  async read(url: URL): Promise<PageOutcome> {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const docId = docIdOf(current);
      const headers = conditionalHeaders(this.context.known.get(docId));
      let response: HttpResponse;
      try {
        response = await this.context.fetcher.get(current, { headers, accepts: crawled });
      } catch (error) {
        return failure(docId, error);
      }
      switch (response.kind) {
        case 'body':
          return this.document(current, response);
        case 'unaccepted':
          return skipped(`${response.mediaType || 'an unlabelled body'} is not crawled`);
        case 'status':
          return statusOutcome(docId, response.status, Object.keys(headers).length > 0);
        case 'redirect': {
          const target =
            response.location === undefined ? undefined : normaliseUrl(response.location, current);
          if (!target) return failure(docId, `HTTP ${response.status} without a usable Location`);
          if (redirects >= MAX_REDIRECTS) return failure(docId, `more than ${MAX_REDIRECTS} redirects`);
          if (!this.context.scope.allows(target)) {
            // A temporary redirect out (a login page) says nothing about the page: keep it.
            if (!PERMANENT_REDIRECTS.has(response.status))
              return failure(
                docId,
                `HTTP ${response.status} to ${target.href}, outside the crawl; not followed`,
              );
            return skipped(`moved to ${target.href}, outside the crawl`);
          }
          if (!this.context.frontier.claimRedirectTarget(target))
            return skipped(`redirects to ${target.href}, read on its own`);
          current = target;
        }
      }
    }
  }

  private document(url: URL, response: Extract<HttpResponse, { kind: 'body' }>): PageOutcome {
    const docId = docIdOf(url);
    try {
      const html = response.mediaType !== 'text/plain';
      const extracted = html ? fromHtml(response.text) : { title: undefined, body: response.text.trim() };
      const title = (extracted.title || lastSegment(url) || url.host).slice(
        0,
        DOCUMENT_CHANGE_LIMITS.titleMaxLength,
      );
      const lastModified = lastModifiedOf(response.headers);
      const etag = response.headers.get('etag');
      return {
        kind: 'document',
        document: {
          docId,
          version: pageVersion(lastModified, title, extracted.body),
          ...(etag ? { validator: etag } : {}),
          title,
          body: extracted.body,
          uri: url.href,
          metadata: {
            contentType: response.mediaType,
            statusCode: response.status,
            ...(lastModified ? { lastModified: lastModified.toISOString() } : {}),
          },
        },
        links: html ? extractLinks(response.text, url) : [],
      };
    } catch (error) {
      return failure(docId, error);
    }
  }
}

function statusOutcome(docId: string, status: number, conditional: boolean): PageOutcome {
  if (status === 304 && conditional) return { kind: 'unchanged', docId };
  if (status === 404 || status === 410) return skipped(`HTTP ${status}`);
  return failure(docId, `HTTP ${status}`);
}

function lastSegment(url: URL): string {
  return decodeURIComponentSafe(url.pathname.split('/').filter(Boolean).pop() ?? '');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
