import fc from 'fast-check';
import type { z } from 'zod';
import {
  feedbackRequestV1Schema,
  INGEST_MAX_CHANGES,
  ingestRequestV1Schema,
  SEARCH_FILTER_LIMITS,
  SEARCH_LIMITS,
  searchRequestV1Schema,
} from '@tributary/contracts';
import { buildOpenApiDocument } from './openapi.document';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument({ bodyLimitBytes: 64 * 1024, ingestBodyLimitBytes: 10 * 1024 * 1024 });
const tree = JSON.parse(JSON.stringify(document)) as Json;
const schemas = document.components.schemas;

/** Follows a local `$ref` ("#/a/b") through the serialized document. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`not a local ref: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], tree);
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  return found;
}

const annotations = new Set(['description', 'default', 'format', 'examples', 'title']);

/**
 * Validates against the JSON Schema keywords the document uses, and fails on any other,
 * so a keyword this checker ignores cannot make the comparison with zod pass by accident.
 */
function conforms(schema: Json, value: unknown): boolean {
  return Object.entries(schema).every(([keyword, expected]) => {
    if (annotations.has(keyword)) return true;
    const list = expected as Json[];
    const number = expected as number;
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    const entries = isObject ? Object.entries(value) : [];
    switch (keyword) {
      case '$ref':
        return conforms(resolve(expected as string) as Json, value);
      case 'type':
        return [expected].flat().some((type) => hasType(type as string, value));
      case 'enum':
        return (expected as unknown[]).includes(value);
      case 'const':
        return value === expected;
      case 'anyOf':
        return list.some((option) => conforms(option, value));
      case 'oneOf':
        return list.filter((option) => conforms(option, value)).length === 1;
      case 'allOf':
        return list.every((option) => conforms(option, value));
      case 'required':
        return !isObject || (expected as string[]).every((key) => key in value);
      case 'properties':
        return entries.every(
          ([key, item]) => !(expected as Json)[key] || conforms((expected as Json)[key] as Json, item),
        );
      case 'additionalProperties': {
        const known = (schema.properties ?? {}) as Json;
        const extra = entries.filter(([key]) => !(key in known));
        if (expected === false) return extra.length === 0;
        return extra.every(([, item]) => conforms(expected as Json, item));
      }
      case 'propertyNames':
        return entries.every(([key]) => conforms(expected as Json, key));
      case 'items':
        return !Array.isArray(value) || value.every((item) => conforms(expected as Json, item));
      case 'minItems':
        return !Array.isArray(value) || value.length >= number;
      case 'maxItems':
        return !Array.isArray(value) || value.length <= number;
      case 'minLength':
        return typeof value !== 'string' || [...value].length >= number;
      case 'maxLength':
        return typeof value !== 'string' || [...value].length <= number;
      case 'pattern':
        return typeof value !== 'string' || new RegExp(expected as string, 'u').test(value);
      case 'minimum':
        return typeof value !== 'number' || value >= number;
      case 'maximum':
        return typeof value !== 'number' || value <= number;
      default:
        throw new Error(`the test's checker does not know the keyword "${keyword}"`);
    }
  });
}

function hasType(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'null') return value === null;
  return typeof value === type;
}

function expectAgreement(component: string, zodSchema: z.ZodType, bodies: unknown[]): void {
  for (const body of bodies)
    expect({ body, documentAccepts: conforms(schemas[component] as Json, body) }).toEqual({
      body,
      documentAccepts: zodSchema.safeParse(body).success,
    });
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route of the public API under its method', () => {
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /v1/search',
        'GET /v1/documents/{source}/{docId}',
        'POST /v1/feedback',
        'POST /v1/ingest',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /openapi.json',
        'GET /docs',
      ].sort(),
    );
  });

  it('gives every operation a unique id, a described 2xx response and its path parameters', () => {
    const operations = Object.entries(tree.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, item]) => Object.values(item).map((operation) => ({ path, operation })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    for (const { path, operation } of operations) {
      const responses = operation.responses as Record<string, Json>;
      expect(Object.keys(responses).some((status) => /^2\d\d$/.test(status))).toBe(true);
      for (const response of Object.values(responses))
        expect(
          typeof (response.$ref ? (resolve(response.$ref as string) as Json) : response).description,
        ).toBe('string');
      const declared = ((operation.parameters ?? []) as Json[]).map((parameter) => parameter.name);
      expect(declared.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort());
    }
  });

  it('resolves every $ref inside itself', () => {
    const refs = collectRefs(tree);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs)
      expect({ ref, target: resolve(ref) }).toEqual({ ref, target: expect.any(Object) });
  });

  it('requires the bearer API key with its scope on every /v1 operation, and nothing elsewhere', () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const scopes = Object.entries(tree.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, item]) =>
        Object.entries(item).map(([method, operation]) => {
          expect(operation.security).toEqual(path.startsWith('/v1/') ? [{ apiKey: [] }] : []);
          if (operation['x-required-scope'])
            expect(operation.description).toContain(`\`${operation['x-required-scope'] as string}\` scope`);
          return [`${method} ${path}`, operation['x-required-scope']];
        }),
    );
    expect(Object.fromEntries(scopes.filter(([, scope]) => scope))).toEqual({
      'post /v1/search': 'search',
      'get /v1/documents/{source}/{docId}': 'search',
      'post /v1/feedback': 'search',
      'post /v1/ingest': 'ingest',
    });
  });

  it('answers errors as problem+json, 401 with WWW-Authenticate and 429 with Retry-After', () => {
    const search = document.paths['/v1/search'].post.responses as Record<string, { $ref: string }>;
    expect(Object.keys(search).sort()).toEqual(['200', '400', '401', '403', '413', '429', '500']);
    for (const name of Object.keys(document.components.responses)) {
      const response = resolve(`#/components/responses/${name}`) as Json;
      expect(response.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(document.components.responses.Unauthorized.headers).toHaveProperty('WWW-Authenticate');
    expect(document.components.responses.TooManyRequests.headers).toHaveProperty('Retry-After');
    expect(schemas.Problem?.required).toEqual(['type', 'title', 'status', 'detail', 'instance']);
  });

  it('states the limits the contracts and the gateway settings enforce', () => {
    const search = document.paths['/v1/search'].post.description;
    expect(search).toContain(`1–${SEARCH_LIMITS.topKMax} hits`);
    expect(search).toContain(`${SEARCH_LIMITS.pageDepthMax} documents deep`);
    expect(search).toContain(`${SEARCH_FILTER_LIMITS.metadataFieldsMax} metadata fields`);
    expect(search).toContain('64 KiB');
    const ingest = document.paths['/v1/ingest'].post.description;
    expect(ingest).toContain(`1–${INGEST_MAX_CHANGES} changes`);
    expect(ingest).toContain('10 MiB');
  });

  it('rejects unknown properties in the search request and its filter, as zod does', () => {
    expect(schemas.SearchRequestV1?.additionalProperties).toBe(false);
    expect(schemas.SearchFilterV1?.additionalProperties).toBe(false);
    expect(schemas.SearchRequestV1?.required).toEqual(['query']);
    expectAgreement('SearchRequestV1', searchRequestV1Schema, [
      { query: 'kafka', limit: 5 },
      { query: 'kafka', filter: { sources: ['docs'] } },
    ]);
  });

  it('accepts and rejects the same search requests as the zod schema', () => {
    expectAgreement('SearchRequestV1', searchRequestV1Schema, [
      { query: 'kafka' },
      { query: 'kafka', topK: 100, mode: 'vector', explain: true },
      { query: 'kafka', mode: 'semantic' },
      { query: 'kafka', topK: 0 },
      { query: 'kafka', topK: 2.5 },
      { topK: 5 },
      { query: '' },
      { query: 'kafka', fusion: { method: 'rrf', k: 60 } },
      { query: 'kafka', fusion: { method: 'linear', weights: { bm25: 1, vector: 2 } } },
      { query: 'kafka', fusion: { method: 'borda' } },
      { query: 'kafka', filter: { source: ['docs', 'wiki'], metadata: { lang: 'en', year: { gte: 2023 } } } },
      { query: 'kafka', filter: { metadata: { 'a.b': 'dotted keys are refused' } } },
      { query: 'kafka', filter: { metadata: { at: { gte: '2024-01-01', lt: '2024-02-01T00:00:00Z' } } } },
      { query: 'kafka', filter: { source: [] } },
      { query: 'kafka', cursor: '' },
    ]);
  });

  it('agrees with zod on generated search requests (required, enums, ranges, unknown fields)', () => {
    const body = fc.record(
      {
        query: fc.oneof(fc.stringMatching(/^[a-z]{0,4}$/), fc.constant(7)),
        topK: fc.oneof(fc.integer({ min: -2, max: SEARCH_LIMITS.topKMax + 2 }), fc.constantFrom(1.5, '10')),
        mode: fc.constantFrom('hybrid', 'bm25', 'vector', 'semantic', ''),
        explain: fc.constantFrom(true, false, 'yes'),
        principals: fc.array(fc.constantFrom('alice', 'group:ops', ''), { maxLength: 3 }),
        fusion: fc.constantFrom({ method: 'rrf' }, { method: 'rrf', k: 0 }, { method: 'linear' }, {}),
        filter: fc.constantFrom(
          {},
          { source: 'docs' },
          { uriPrefix: '' },
          { metadata: { lang: ['en', 'de'] } },
        ),
        limit: fc.constant(10),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, (generated) => {
        expect(conforms(schemas.SearchRequestV1 as Json, generated)).toBe(
          searchRequestV1Schema.safeParse(generated).success,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and rejects the same feedback and ingest requests as the zod schemas', () => {
    const queryId = '9b2f1c4e-0b7a-4d2e-9c1a-3f5e6d7c8b9a';
    expectAgreement('FeedbackRequestV1', feedbackRequestV1Schema, [
      { queryId, source: 'docs', docId: 'a.md', label: 'click' },
      { queryId, source: 'docs', docId: 'a.md', label: 3 },
      { queryId, source: 'docs', docId: 'a.md', label: 4 },
      { queryId, source: 'docs', docId: 'a.md', label: 'love' },
      { queryId: 'not-a-uuid', source: 'docs', docId: 'a.md', label: 'click' },
      { queryId, source: 'docs', label: 'click' },
    ]);
    const upsert = {
      op: 'upsert',
      source: 'tickets',
      docId: 'T-1',
      title: 'Invoice',
      body: 'Missing.',
      uri: 'crm:T-1',
    };
    expectAgreement('IngestRequestV1', ingestRequestV1Schema, [
      { changes: [upsert, { op: 'delete', source: 'tickets', docId: 'T-0', version: 3 }] },
      { changes: [{ ...upsert, metadata: { team: 'billing' }, acl: ['group:billing'] }] },
      { changes: [] },
      { changes: Array.from({ length: INGEST_MAX_CHANGES + 1 }, () => upsert) },
      { changes: [{ ...upsert, op: 'replace' }] },
      { changes: [{ ...upsert, source: 'Tickets' }] },
      { changes: [{ ...upsert, tenant: 'other' }] },
      { changes: [{ op: 'delete', source: 'tickets', docId: 'T-0', title: 'deletes carry no title' }] },
      { changes: [{ ...upsert, version: -1 }] },
    ]);
  });
});
