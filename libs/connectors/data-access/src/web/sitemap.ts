import { decodeEntities } from '../text-extraction';

/** A sitemap lists pages (`<urlset>`) or other sitemaps (`<sitemapindex>`). */
export interface Sitemap {
  kind: 'urlset' | 'index';
  locations: string[];
}

// Unprefixed <loc> only: extensions such as <image:loc> name resources, not pages.
const LOC = /<loc>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/loc>/gi;
const INDEX_ROOT = /<(?:[\w-]+:)?sitemapindex[\s>]/i;

/** The `<loc>` entries of a sitemap (sitemaps.org protocol), XML-unescaped, in document order. */
export function parseSitemap(xml: string): Sitemap {
  const locations: string[] = [];
  for (const match of xml.matchAll(LOC)) {
    const cdata = match[1];
    const location = cdata ?? decodeEntities(match[2] ?? '');
    if (location.trim()) locations.push(location.trim());
  }
  return { kind: INDEX_ROOT.test(xml) ? 'index' : 'urlset', locations };
}
