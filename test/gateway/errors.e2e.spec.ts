import fc from 'fast-check';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { SEARCH_LIMITS, searchRequestV1Schema } from '@tributary/contracts';
import { realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** Every error path of /v1 answers RFC 9457 problem+json with a clear message and no internals. */
describe('the gateway’s errors', () => {
  let gateway: AppProcess;
  let redis: Redis;
  let searchKey: string;
  let ingestKey: string;
  let limitedKey: string;
  const tenant = uniqueName('errors');

  const post = async (path: string, body: string, key: string | null = searchKey) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });
    const text = await response.text();
    return { response, text, problem: JSON.parse(text) as Problem };
  };
  const expectProblem = (result: Awaited<ReturnType<typeof post>>, status: number, detail: RegExp) => {
    expect(result.response.status).toBe(status);
    expect(result.response.headers.get('content-type')).toContain('application/problem+json');
    expect(result.problem).toMatchObject({ status, detail: expect.stringMatching(detail) });
    // Nothing of the machinery leaks: no stack frames, no Elasticsearch or Nest internals.
    expect(result.response.headers.get('x-powered-by')).toBeNull();
    expect(result.text).not.toMatch(/\bat \S+ \(|node_modules|elasticsearch|search_phase|Exception\b/i);
  };

  beforeAll(async () => {
    redis = new Redis(realServices.redisUrl);
    const keys = new ApiKeyRepository(redis);
    const create = (scopes: Array<'search' | 'ingest'>, rateLimitPerMinute = 100_000) =>
      keys.create({ name: 'e2e errors', tenant, scopes, rateLimitPerMinute }).then(({ key }) => key);
    [searchKey, ingestKey, limitedKey] = await Promise.all([
      create(['search']),
      create(['ingest']),
      create(['search'], 2),
    ]);
    gateway = await startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3164);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    redis.disconnect();
  });

  it('400 for a body that is not JSON', async () => {
    expectProblem(await post('/v1/search', '{"query": "kafka",'), 400, /JSON/i);
  });

  it('400 naming an unknown field', async () => {
    expectProblem(await post('/v1/search', JSON.stringify({ query: 'kafka', sort: 'date' })), 400, /sort/);
  });

  it('400 for a query, topK or filter over its documented limit', async () => {
    const long = 'k'.repeat(SEARCH_LIMITS.queryMaxLength + 1);
    expectProblem(await post('/v1/search', JSON.stringify({ query: long })), 400, /query/);
    expectProblem(
      await post('/v1/search', JSON.stringify({ query: 'k', topK: SEARCH_LIMITS.topKMax + 1 })),
      400,
      /topK/,
    );
    const sources = Array.from({ length: 65 }, (_, i) => `s${i}`);
    expectProblem(
      await post('/v1/search', JSON.stringify({ query: 'k', filter: { source: sources } })),
      400,
      /source/,
    );
  });

  it('413 for a body over the size limit', async () => {
    expectProblem(
      await post('/v1/search', JSON.stringify({ query: 'k', pad: 'x'.repeat(70 * 1024) })),
      413,
      /size limit/,
    );
  });

  it('401 without a key, with a malformed one and with an unknown one', async () => {
    const missing = await post('/v1/search', JSON.stringify({ query: 'k' }), null);
    expectProblem(missing, 401, /Authorization: Bearer/);
    expect(missing.response.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(
      await post('/v1/search', JSON.stringify({ query: 'k' }), 'not-a-key'),
      401,
      /unknown|malformed/,
    );
    expectProblem(
      await post('/v1/search', JSON.stringify({ query: 'k' }), `trb_000000000000_${'A'.repeat(43)}`),
      401,
      /unknown/,
    );
  });

  it('403 for a key without the route’s scope', async () => {
    expectProblem(await post('/v1/search', JSON.stringify({ query: 'k' }), ingestKey), 403, /"search" scope/);
    expectProblem(
      await post('/v1/ingest', JSON.stringify({ changes: [] }), searchKey),
      403,
      /"ingest" scope/,
    );
  });

  it('429 with Retry-After once a key spends its rate limit', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 4; i++) {
      const result = await post('/v1/search', JSON.stringify({ query: 'kafka', mode: 'bm25' }), limitedKey);
      statuses.push(result.response.status);
      if (result.response.status === 429) limited = result;
    }
    expect(statuses.slice(0, 1)).toEqual([200]);
    expect(statuses).toContain(429);
    expectProblem(limited!, 429, /rate limit/);
    expect(Number(limited!.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers any generated body with 200 when the contract accepts it and a 400 problem otherwise, never a 5xx', async () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const body = fc.oneof(
      // Near-valid requests: the interesting edge of the schema.
      fc.record(
        {
          query: fc.oneof(fc.string({ maxLength: 60 }), scalar),
          topK: fc.oneof(fc.integer({ min: -5, max: 120 }), scalar),
          mode: fc.oneof(fc.constantFrom('hybrid', 'bm25', 'vector', 'fuzzy'), scalar),
          fusion: fc.oneof(
            fc.record(
              { method: fc.constantFrom('rrf', 'linear', 'x'), k: fc.integer({ min: -1, max: 2000 }) },
              { requiredKeys: ['method'] },
            ),
            fc.record({
              method: fc.constant('linear'),
              normalization: fc.constantFrom('minmax', 'zscore', 'l2'),
              weights: fc.record({
                bm25: fc.double({ min: -1, max: 2, noNaN: true }),
                vector: fc.double({ min: -1, max: 2, noNaN: true }),
              }),
            }),
          ),
          filter: fc.record(
            {
              source: fc.oneof(
                fc.string({ maxLength: 10 }),
                fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
              ),
              uriPrefix: fc.string({ maxLength: 10 }),
              metadata: fc.dictionary(
                fc.stringMatching(/^[A-Za-z_.][A-Za-z0-9_.-]{0,8}$/),
                fc.oneof(
                  scalar,
                  fc.array(scalar, { maxLength: 3 }),
                  fc.record({
                    gte: fc.oneof(fc.integer(), fc.constant('2024-01-01'), fc.constant('not a date')),
                  }),
                ),
                { maxKeys: 3 },
              ),
            },
            { requiredKeys: [] },
          ),
          explain: fc.oneof(fc.boolean(), scalar),
          cursor: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('1.x.y')),
          extra: scalar,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const result = await post('/v1/search', JSON.stringify(value));
        const accepted = searchRequestV1Schema.safeParse(value).success;
        if (result.response.status === 400) {
          expect(result.response.headers.get('content-type')).toContain('application/problem+json');
          expect(result.problem.detail.length).toBeGreaterThan(0);
        }
        // A contract-valid request may still carry a cursor of another query: that is a 400 too.
        const cursorRefused =
          accepted && result.response.status === 400 && /cursor/.test(result.problem.detail);
        expect(result.response.status).toBe(accepted && !cursorRefused ? 200 : 400);
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
