import {
  InvalidIdentifierError,
  parseColumnName,
  parseQualifiedName,
  quoteIdentifier,
  quoteQualifiedName,
} from './sql-identifier';

describe('parseQualifiedName', () => {
  it('folds unquoted names to lower case, as PostgreSQL does', () => {
    expect(parseQualifiedName('Public.Articles', 2)).toEqual(['public', 'articles']);
    expect(parseQualifiedName('articles', 2)).toEqual(['articles']);
  });

  it('keeps quoted names exactly, dots and doubled quotes included', () => {
    expect(parseQualifiedName('"Sales"."Q1.report"', 2)).toEqual(['Sales', 'Q1.report']);
    expect(parseQualifiedName('app."say ""hi"""', 2)).toEqual(['app', 'say "hi"']);
  });

  it.each([
    ['', /empty name/],
    ['public.', /empty name/],
    ['a.b.c', /3 dotted parts; at most 2/],
    ['articles; DROP TABLE x', /not a plain name/],
    ['"open', /unterminated/],
    ['"a"b', /unexpected "b"/],
    ['x'.repeat(64), /longer than 63 bytes/],
  ])('refuses %j', (text, message) => {
    expect(() => parseQualifiedName(text, 2)).toThrow(InvalidIdentifierError);
    expect(() => parseQualifiedName(text, 2)).toThrow(message);
  });
});

describe('parseColumnName', () => {
  it('takes one unqualified name, trimmed', () => {
    expect(parseColumnName(' Updated_At ')).toBe('updated_at');
    expect(() => parseColumnName('t.id')).toThrow(/at most 1/);
  });
});

describe('quoteIdentifier', () => {
  it('always quotes and doubles embedded quotes, so a name can never end the identifier', () => {
    expect(quoteIdentifier('select')).toBe('"select"');
    expect(quoteIdentifier('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(quoteQualifiedName(['Sales', 'Q1.report'])).toBe('"Sales"."Q1.report"');
  });

  it('refuses a NUL and an empty name', () => {
    expect(() => quoteIdentifier('a\0b')).toThrow(/NUL/);
    expect(() => quoteIdentifier('')).toThrow(/empty/);
  });
});
