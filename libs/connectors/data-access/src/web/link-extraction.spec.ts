import { extractLinks } from './link-extraction';

const page = new URL('https://docs.example.com/guide/index.html');
const hrefs = (html: string, at = page) => extractLinks(html, at).map((url) => url.href);

describe('extractLinks', () => {
  it('resolves every quoting style of <a href> against the page, in page order', () => {
    const html = `
      <a href="setup.html">double</a>
      <A class="x" HREF='/api/'>single</A>
      <a href=../faq.html>bare</a>
      <a data-x="1"
         href="https://other.example/page">other origin</a>`;
    expect(hrefs(html)).toEqual([
      'https://docs.example.com/guide/setup.html',
      'https://docs.example.com/api/',
      'https://docs.example.com/faq.html',
      'https://other.example/page',
    ]);
  });

  it('decodes entities, drops fragments and lists each target once', () => {
    const html = `<a href="a.html?x=1&amp;y=2">1</a><a href="a.html?x=1&y=2#part">2</a><a href="#top">3</a>`;
    expect(hrefs(html)).toEqual(['https://docs.example.com/guide/a.html?x=1&y=2', page.href]);
  });

  it('skips mailto:, javascript: and anchors without href', () => {
    const html = `<a href="mailto:x@y.z">m</a><a href="javascript:go()">j</a><a name="n">n</a><a href="ok">ok</a>`;
    expect(hrefs(html)).toEqual(['https://docs.example.com/guide/ok']);
  });

  it('resolves against <base href> when the page sets one', () => {
    const html = `<head><base href="/v2/"></head><a href="intro.html">i</a>`;
    expect(hrefs(html)).toEqual(['https://docs.example.com/v2/intro.html']);
  });

  it('ignores links inside comments, scripts and templates', () => {
    const html = `<!-- <a href="/old">old</a> --><script>s='<a href="/js">'</script>
      <template><a href="/tpl">t</a></template><a href="/real">r</a>`;
    expect(hrefs(html)).toEqual(['https://docs.example.com/real']);
  });
});
