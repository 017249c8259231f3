import {
  decodeCursor,
  documentHash,
  encodeCursor,
  InvalidCursorError,
  queryFingerprint,
} from './search-cursor';

describe('search cursor', () => {
  const fingerprint = queryFingerprint(['q', 'hybrid']);
  const seen = ['a', 'b', 'c'].map((docId) => documentHash('docs', docId));

  it('round-trips the documents already returned', () => {
    expect(decodeCursor(encodeCursor({ fingerprint, seen }), fingerprint)).toEqual({ fingerprint, seen });
  });

  it('stays compact at the deepest page: 500 documents fit the cursor limit', () => {
    const deep = Array.from({ length: 500 }, (_, i) => documentHash('docs', `d${i}`));
    expect(encodeCursor({ fingerprint, seen: deep }).length).toBeLessThan(8192);
  });

  it('refuses another query’s cursor, a truncated one and garbage', () => {
    const cursor = encodeCursor({ fingerprint, seen });
    expect(() => decodeCursor(cursor, queryFingerprint(['other']))).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor.slice(0, -2), fingerprint)).toThrow('truncated');
    expect(() => decodeCursor('not-a-cursor', fingerprint)).toThrow('malformed');
  });
});
