import { ContractViolationError, parseContract } from './contract-error';
import { DOCUMENT_CHANGE_V1, documentChangeV1Schema, documentKey } from './document-change.v1';

const upsert = {
  schema: DOCUMENT_CHANGE_V1,
  source: 'docs',
  docId: 'guide/intro.md',
  op: 'upsert',
  version: 1700000000000,
  occurredAt: '2026-11-23T10:00:00.000Z',
  title: 'Intro',
  body: 'Hello',
  uri: 'file:///docs/guide/intro.md',
};

const parse = (value: unknown) => parseContract(DOCUMENT_CHANGE_V1, documentChangeV1Schema, value);

describe('document-change/v1', () => {
  it('accepts an upsert and defaults metadata to an empty map', () => {
    expect(parse(upsert)).toEqual({ ...upsert, metadata: {} });
  });

  it('accepts a delete without body fields', () => {
    const change = {
      schema: DOCUMENT_CHANGE_V1,
      source: 'docs',
      docId: 'a',
      op: 'delete',
      version: 2,
      occurredAt: upsert.occurredAt,
    };
    expect(parse(change).op).toBe('delete');
  });

  it('rejects a delete that carries a body, naming the field', () => {
    expect(() => parse({ ...upsert, op: 'delete' })).toThrow(/title|body|uri/);
  });

  it('rejects unknown fields and a wrong schema version with every problem listed', () => {
    let error: unknown;
    try {
      parse({ ...upsert, schema: 'document-change/v2', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).issues.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a negative version', { version: -1 }],
    ['a fractional version', { version: 1.5 }],
    ['an uppercase source', { source: 'Docs' }],
    ['an empty docId', { docId: '' }],
    ['a nested metadata value', { metadata: { a: { b: 1 } } }],
    ['a dotted metadata key', { metadata: { 'a.b': 1 } }],
    ['a non-ISO occurredAt', { occurredAt: 'yesterday' }],
  ])('rejects %s', (_name, patch) => {
    expect(() => parse({ ...upsert, ...patch })).toThrow(ContractViolationError);
  });

  it('rejects a body over the size limit', () => {
    expect(() => parse({ ...upsert, body: 'x'.repeat(4 * 1024 * 1024 + 1) })).toThrow(/body exceeds/);
  });

  it('keys a change by source and docId so one document stays on one partition', () => {
    expect(documentKey({ source: 'docs', docId: 'a/b.md' })).toBe('docs:a/b.md');
  });
});
