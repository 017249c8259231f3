import { conditionalHeaders, isLastModifiedVersion, lastModifiedOf, pageVersion } from './page-version';

describe('page versions', () => {
  const lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';

  it('uses Last-Modified in epoch ms when the page has one', () => {
    const at = lastModifiedOf(new Headers({ 'last-modified': lastModified }));
    expect(pageVersion(at, 'T', 'body')).toBe(Date.UTC(2015, 9, 21, 7, 28, 0));
    expect(lastModifiedOf(new Headers({ 'last-modified': 'yesterday-ish' }))).toBeUndefined();
    expect(lastModifiedOf(new Headers())).toBeUndefined();
  });

  it('derives a stable 48-bit version from the content otherwise, which changes with it', () => {
    const version = pageVersion(undefined, 'Title', 'Some text');
    expect(pageVersion(undefined, 'Title', 'Some text')).toBe(version);
    expect(pageVersion(undefined, 'Title', 'Other text')).not.toBe(version);
    expect(pageVersion(undefined, 'Other title', 'Some text')).not.toBe(version);
    expect(Number.isSafeInteger(version) && version >= 0 && version < 2 ** 48).toBe(true);
  });

  it('tells a Last-Modified version from a content hash by its whole seconds', () => {
    const texts = Array.from({ length: 200 }, (_, i) => `page ${i}`);
    expect(texts.some((text) => isLastModifiedVersion(pageVersion(undefined, '', text)))).toBe(false);
    expect(isLastModifiedVersion(Date.parse(lastModified))).toBe(true);
  });

  it('sends If-None-Match from the stored ETag and If-Modified-Since from a Last-Modified version', () => {
    const version = Date.parse(lastModified);
    expect(
      conditionalHeaders({ sourceVersion: version, publishedVersion: version, validator: '"v1"' }),
    ).toEqual({
      'if-none-match': '"v1"',
      'if-modified-since': lastModified,
    });
    const hashed = pageVersion(undefined, 'T', 'b');
    expect(
      conditionalHeaders({ sourceVersion: hashed, publishedVersion: hashed, validator: 'W/"x"' }),
    ).toEqual({
      'if-none-match': 'W/"x"',
    });
    expect(conditionalHeaders({ sourceVersion: hashed, publishedVersion: hashed })).toEqual({});
    expect(conditionalHeaders(undefined)).toEqual({});
  });
});
