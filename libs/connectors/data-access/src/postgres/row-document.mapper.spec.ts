import { rowToDocument, rowUri, versionOf } from './row-document.mapper';
import type { RowLayout } from './table-query.builder';

const layout: RowLayout = {
  id: 0,
  version: 1,
  title: 2,
  body: [3, 4],
  metadata: [
    { key: 'author', index: 5 },
    { key: 'published', index: 6 },
    { key: 'words', index: 7 },
    { key: 'tags', index: 8 },
  ],
  acl: 9,
};
const row = (overrides: Record<number, unknown> = {}): unknown[] => {
  const values: unknown[] = [
    '42',
    new Date('2024-01-02T03:04:05.678Z'),
    'Title',
    'Summary',
    'Body text',
    'ada',
    new Date('2023-12-31T00:00:00Z'),
    1200,
    { a: 1 },
    ['team:docs'],
  ];
  for (const [index, value] of Object.entries(overrides)) values[Number(index)] = value;
  return values;
};
const TEMPLATE = 'https://cms.example/articles/{id}';

describe('versionOf', () => {
  it('turns a timestamp into epoch milliseconds and an integer row version into itself', () => {
    expect(versionOf(new Date('2024-01-02T03:04:05.678Z'))).toBe(1704164645678);
    expect(versionOf(7)).toBe(7);
    expect(versionOf('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    [null, 'the version column is null'],
    [-1, /neither a timestamp nor a non-negative safe integer/],
    [1.5, /neither/],
    ['9007199254740993', /neither/],
    ['12.5', /neither/],
    [Infinity, /neither/],
    ['infinity', /neither/],
    [new Date('1969-12-31T23:59:59Z'), /before 1970/],
  ])('refuses %p', (value, message) => {
    expect(() => versionOf(value)).toThrow(message);
  });
});

describe('rowToDocument', () => {
  it('maps a row to a document: body columns joined, metadata flat, acl kept', () => {
    expect(rowToDocument(row(), layout, TEMPLATE)).toEqual({
      kind: 'document',
      document: {
        docId: '42',
        version: 1704164645678,
        title: 'Title',
        body: 'Summary\n\nBody text',
        uri: 'https://cms.example/articles/42',
        metadata: { author: 'ada', published: '2023-12-31T00:00:00.000Z', words: 1200, tags: '{"a":1}' },
        acl: ['team:docs'],
      },
    });
  });

  it('skips null body and metadata columns, falls back to the docId as title, and a null acl means public', () => {
    const item = rowToDocument(row({ 2: null, 3: null, 5: null, 9: null }), layout, TEMPLATE);
    expect(item).toEqual({
      kind: 'document',
      document: expect.objectContaining({ title: '42', body: 'Body text', metadata: expect.any(Object) }),
    });
    if (item.kind !== 'document') throw new Error('expected a document');
    expect(item.document.metadata).not.toHaveProperty('author');
    expect(item.document).not.toHaveProperty('acl');
  });

  it.each([
    [{ 3: null, 4: null }, 'every body column is null'],
    [{ 1: null }, 'the version column is null'],
    [{ 4: Buffer.from('x') }, 'the body is binary (bytea), not text'],
    [{ 9: 'team:docs' }, 'the acl column is not a text[] of non-empty principals'],
    [{ 9: ['ok', null] }, 'the acl column is not a text[] of non-empty principals'],
  ])('reports a row it cannot turn into a document as a failure for its docId (%p)', (overrides, error) => {
    expect(rowToDocument(row(overrides), layout, TEMPLATE)).toEqual({
      kind: 'failure',
      failure: { docId: '42', error },
    });
  });

  it('says "the body column" when there is only one', () => {
    const single = { ...layout, body: [3] };
    expect(rowToDocument(row({ 3: null }), single, TEMPLATE)).toMatchObject({
      failure: { error: 'the body column is null' },
    });
  });
});

describe('rowUri', () => {
  it('URL-encodes the docId into every {id}', () => {
    expect(rowUri('https://x/{id}?again={id}', 'a/b c')).toBe('https://x/a%2Fb%20c?again=a%2Fb%20c');
  });
});
