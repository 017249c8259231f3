import { decodeEntities } from '../text-extraction';
import { normaliseUrl } from './url-normalisation';

const ANCHOR_TAG = /<a\s[^>]*>/gi;
const BASE_TAG = /<base\s[^>]*>/i;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const IGNORED_MARKUP = /<!--[\s\S]*?-->|<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

function hrefOf(tag: string): string | undefined {
  const match = HREF.exec(tag);
  const raw = match?.[1] ?? match?.[2] ?? match?.[3];
  return raw === undefined ? undefined : decodeEntities(raw);
}

/**
 * The http(s) targets of a page's `<a href>` links, resolved against the page
 * URL (or its `<base href>`), normalised and deduplicated, in page order.
 * Links in comments, scripts, styles and templates are not links.
 */
export function extractLinks(html: string, pageUrl: URL): URL[] {
  const markup = html.replace(IGNORED_MARKUP, ' ');
  const baseHref = hrefOf(BASE_TAG.exec(markup)?.[0] ?? '');
  const base = (baseHref !== undefined && normaliseUrl(baseHref, pageUrl)) || pageUrl;
  const links = new Map<string, URL>();
  for (const [tag] of markup.matchAll(ANCHOR_TAG)) {
    const href = hrefOf(tag);
    const url = href === undefined ? undefined : normaliseUrl(href, base);
    if (url && !links.has(url.href)) links.set(url.href, url);
  }
  return [...links.values()];
}
