import { filterClauses } from './chunk-filter';

describe('filterClauses', () => {
  it('always restricts to the tenant and to public chunks when the caller has no principals', () => {
    expect(filterClauses({ tenant: 'acme', principals: [] })).toEqual([
      { term: { tenant: 'acme' } },
      { bool: { must_not: [{ exists: { field: 'acl' } }] } },
    ]);
  });

  it('counts chunks without a tenant (indexed before tenants existed) as the default tenant’s', () => {
    expect(filterClauses({ tenant: 'default', principals: [] })[0]).toEqual({
      bool: {
        should: [{ term: { tenant: 'default' } }, { bool: { must_not: [{ exists: { field: 'tenant' } }] } }],
        minimum_should_match: 1,
      },
    });
  });

  it('lets principals read chunks whose ACL names them, and public ones', () => {
    const [, acl] = filterClauses({ tenant: 'acme', principals: ['group:eng', 'user:ann'] });
    expect(acl).toEqual({
      bool: {
        should: [
          { bool: { must_not: [{ exists: { field: 'acl' } }] } },
          { terms: { acl: ['group:eng', 'user:ann'] } },
        ],
        minimum_should_match: 1,
      },
    });
  });

  it('turns sources, a uri prefix and metadata terms, values and ranges into clauses', () => {
    const clauses = filterClauses({
      tenant: 't',
      principals: [],
      sources: ['wiki', 'tickets'],
      uriPrefix: 'https://wiki/',
      metadata: {
        team: 'search',
        lang: ['en', 'de'],
        pages: { gte: 2, lt: 10 },
        published: { gte: '2024-01-01', lt: '2025-01-01T00:00:00Z' },
        draft: false,
      },
    }).slice(2);
    expect(clauses).toEqual([
      { terms: { source: ['wiki', 'tickets'] } },
      { prefix: { uri: 'https://wiki/' } },
      { term: { 'metadata.team': 'search' } },
      { terms: { 'metadata.lang': ['en', 'de'] } },
      { range: { 'metadata.pages': { gte: 2, lt: 10 } } },
      { range: { 'metadataDates.published': { gte: '2024-01-01', lt: '2025-01-01T00:00:00Z' } } },
      { term: { 'metadata.draft': false } },
    ]);
  });
});
