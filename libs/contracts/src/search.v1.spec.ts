import fc from 'fast-check';
import { SEARCH_FILTER_LIMITS } from './search-filter.v1';
import { SEARCH_LIMITS, searchRequestV1Schema } from './search.v1';

const metadataKey = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,20}$/);
const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean());
const isoDay = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Requests the contract promises to accept. */
const validRequest = fc.record(
  {
    query: fc.string({ minLength: 1, maxLength: 200 }).filter((q) => q.trim().length > 0),
    topK: fc.integer({ min: 1, max: SEARCH_LIMITS.topKMax }),
    mode: fc.constantFrom('hybrid', 'bm25', 'vector'),
    fusion: fc.oneof(
      fc.record(
        { method: fc.constant('rrf'), k: fc.integer({ min: 1, max: 1000 }) },
        { requiredKeys: ['method'] },
      ),
      fc.record(
        {
          method: fc.constant('linear'),
          normalization: fc.constantFrom('minmax', 'zscore'),
          weights: fc.record({
            bm25: fc.double({ min: 0.01, max: 100, noNaN: true }),
            vector: fc.double({ min: 0, max: 100, noNaN: true }),
          }),
        },
        { requiredKeys: ['method'] },
      ),
    ),
    filter: fc.record(
      {
        source: fc.oneof(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 5 }),
        ),
        uriPrefix: fc.string({ minLength: 1, maxLength: 50 }),
        metadata: fc.dictionary(
          metadataKey,
          fc.oneof(
            scalar,
            fc.array(scalar, { minLength: 1, maxLength: 5 }),
            fc.record({ gte: fc.integer(), lt: fc.integer() }, { requiredKeys: ['gte'] }),
            fc.record({ gt: isoDay, lte: isoDay }, { requiredKeys: ['gt'] }),
          ),
          { maxKeys: SEARCH_FILTER_LIMITS.metadataFieldsMax },
        ),
      },
      { requiredKeys: [] },
    ),
    principals: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 5 }),
    explain: fc.boolean(),
  },
  { requiredKeys: ['query'] },
);

describe('search request v1 (property-based)', () => {
  it('accepts every request built within the documented limits and fills the defaults', () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        const parsed = searchRequestV1Schema.parse(request);
        expect(parsed.topK).toBe(request.topK ?? 10);
        expect(parsed.mode).toBe(request.mode ?? 'hybrid');
        expect(parsed.explain).toBe(request.explain ?? false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any unknown field, at the top level or inside the filter', () => {
    const unknownKey = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter(
        (key) =>
          ![
            'query',
            'topK',
            'mode',
            'fusion',
            'filter',
            'principals',
            'cursor',
            'explain',
            '__proto__',
          ].includes(key),
      );
    fc.assert(
      fc.property(validRequest, unknownKey, scalar, (request, key, value) => {
        expect(searchRequestV1Schema.safeParse({ ...request, [key]: value }).success).toBe(false);
        const filter = { ...(request.filter ?? {}), [`x${key}`]: value };
        expect(searchRequestV1Schema.safeParse({ ...request, filter }).success).toBe(false);
      }),
    );
  });

  it('accepts the date-times Elasticsearch parses at the edges', () => {
    for (const gte of [
      '2024-01-01T00:00:00.123456789Z',
      '2024-01-01T00:00:00+18:00',
      '2024-01-01T00:00:00-05:30',
    ])
      expect(
        searchRequestV1Schema.safeParse({ query: 'q', filter: { metadata: { f: { gte } } } }).success,
      ).toBe(true);
  });

  it('refuses topK and query length outside their limits', () => {
    fc.assert(
      fc.property(
        validRequest,
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: SEARCH_LIMITS.topKMax + 1 }),
          fc.double({ min: 1.1, max: 1.9 }),
        ),
        (request, topK) => {
          expect(searchRequestV1Schema.safeParse({ ...request, topK }).success).toBe(false);
        },
      ),
    );
    const tooLong = 'q'.repeat(SEARCH_LIMITS.queryMaxLength + 1);
    expect(searchRequestV1Schema.safeParse({ query: tooLong }).success).toBe(false);
    expect(searchRequestV1Schema.safeParse({ query: '   ' }).success).toBe(false);
  });

  it('refuses a range mixing numbers and dates, an empty range, and dates Elasticsearch cannot parse', () => {
    for (const range of [
      { gte: 1, lt: '2024-01-01' },
      {},
      { gte: '2024-02-30' },
      { gte: '2024-01-01T00:00:00.1234567890Z' },
      { gte: '2024-01-01T00:00:00+19:00' },
    ])
      expect(
        searchRequestV1Schema.safeParse({ query: 'q', filter: { metadata: { f: range } } }).success,
      ).toBe(false);
  });
});
