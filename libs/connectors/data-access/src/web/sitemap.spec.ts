import { parseSitemap } from './sitemap';

describe('parseSitemap', () => {
  it('lists the <loc> of every <url> of a urlset, unescaped, in order', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
              xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
        <url><loc>https://site.example/</loc><lastmod>2025-01-01</lastmod></url>
        <url>
          <loc>
            https://site.example/search?q=a&amp;page=2
          </loc>
          <image:image><image:loc>https://site.example/logo.png</image:loc></image:image>
        </url>
        <url><loc><![CDATA[https://site.example/a&b]]></loc></url>
      </urlset>`;
    expect(parseSitemap(xml)).toEqual({
      kind: 'urlset',
      locations: [
        'https://site.example/',
        'https://site.example/search?q=a&page=2',
        'https://site.example/a&b',
      ],
    });
  });

  it('recognises a sitemap index and lists its sitemaps', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://site.example/sitemap-docs.xml</loc></sitemap>
      <sitemap><loc>https://site.example/sitemap-blog.xml</loc></sitemap>
    </sitemapindex>`;
    expect(parseSitemap(xml)).toEqual({
      kind: 'index',
      locations: ['https://site.example/sitemap-docs.xml', 'https://site.example/sitemap-blog.xml'],
    });
  });

  it('finds nothing in a document that is no sitemap', () => {
    expect(parseSitemap('<html><body>Not found</body></html>')).toEqual({ kind: 'urlset', locations: [] });
  });
});
