import { docIdOf, normaliseUrl } from './url-normalisation';

describe('normaliseUrl', () => {
  const base = 'https://docs.example.com/guide/intro.html';

  it('resolves relative links against the page and drops the fragment', () => {
    expect(normaliseUrl('../api/#top', base)?.href).toBe('https://docs.example.com/api/');
    expect(normaliseUrl('setup.html?step=2#details', base)?.href).toBe(
      'https://docs.example.com/guide/setup.html?step=2',
    );
    expect(normaliseUrl('/', base)?.href).toBe('https://docs.example.com/');
  });

  it('gives one spelling to equivalent URLs: case of scheme and host, default port, dot segments, empty query', () => {
    const spellings = [
      'HTTPS://Docs.Example.com:443/guide/./a/../setup.html',
      'https://docs.example.com/guide/setup.html?',
      'https://user:secret@docs.example.com/guide/setup.html#x',
      'https://docs.example.com/guide/%73etup.html',
    ];
    expect(new Set(spellings.map((href) => normaliseUrl(href)?.href))).toEqual(
      new Set(['https://docs.example.com/guide/setup.html']),
    );
  });

  it('uppercases percent-encodings but keeps reserved characters encoded', () => {
    expect(normaliseUrl('https://a.example/x%2fy%3a%7e')?.pathname).toBe('/x%2Fy%3A~');
  });

  it('rejects what is not an http(s) URL', () => {
    for (const href of ['mailto:a@b.c', 'javascript:void(0)', 'ftp://a.example/f', 'http://', 'tel:123'])
      expect(normaliseUrl(href, base)).toBeUndefined();
  });

  it('takes the docId from path and query, relative to the origin', () => {
    expect(docIdOf(new URL('https://a.example/docs/x?lang=en'))).toBe('/docs/x?lang=en');
    expect(docIdOf(new URL('https://a.example'))).toBe('/');
  });
});
