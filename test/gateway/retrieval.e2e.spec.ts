import { TenantSettingsRepository } from '@tributary/auth-data-access';
import type { SearchRequestV1, SearchResponseV1 } from '@tributary/contracts';
import { FeedbackRepository, QueryLogRepository } from '@tributary/feedback-data-access';
import { eventually } from '@tributary/testing';
import { runCli } from '../support/connector-process';
import {
  CROWD_DOCS,
  crowdDoc,
  RARE_DOCS,
  startGatewayFixture,
  type GatewayFixture,
} from '../support/gateway-fixture';

/** POST /v1/search against the real stack: modes, fusion, filters inside kNN, pagination, explain, lookup, feedback. */
describe('the gateway’s retrieval API', () => {
  let f: GatewayFixture;
  const ids = (response: SearchResponseV1) => response.hits.map((hit) => hit.docId);
  const search = (request: SearchRequestV1) => f.clientA.search(request);

  beforeAll(async () => {
    f = await startGatewayFixture({ gateway: 3160, embedder: 3161 });
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  });

  it.each(['bm25', 'vector', 'hybrid'] as const)(
    'answers a %s query with one hit per document',
    async (mode) => {
      const response = await search({
        query: 'kafka partitions ordering',
        mode,
        topK: 10,
        filter: { source: f.sources.crowd },
      });
      expect(response.mode).toBe(mode);
      expect(response.hits).toHaveLength(10);
      expect(new Set(ids(response)).size).toBe(10);
      for (const hit of response.hits) expect(hit.chunks.length).toBeGreaterThan(0);
      if (mode !== 'vector') expect(response.hits[0]?.snippet).toContain('<em>');
    },
  );

  it('fuses by RRF with the gateway’s k when asked, and explains both ranks, raw scores and each contribution', async () => {
    const response = await search({
      query: 'kafka ordering',
      topK: 5,
      explain: true,
      fusion: { method: 'rrf' },
    });
    expect(response.fusion).toEqual({ method: 'rrf', k: 60 });
    for (const hit of response.hits) {
      const explain = hit.explain!;
      expect(explain.fusion.method).toBe('rrf');
      if (explain.fusion.method !== 'rrf') continue;
      const expected =
        (explain.bm25 ? 1 / (60 + explain.bm25.rank) : 0) +
        (explain.vector ? 1 / (60 + explain.vector.rank) : 0);
      expect(explain.score).toBeCloseTo(expected, 10);
      expect(hit.score).toBeCloseTo(expected, 10);
    }
  });

  it('linear fusion with all weight on one retriever reproduces that retriever’s ranking', async () => {
    const base = { query: 'kafka partitions note', topK: 10, filter: { source: f.sources.crowd } } as const;
    const bm25 = await search({ ...base, mode: 'bm25' });
    const vector = await search({ ...base, mode: 'vector' });
    const linearBm25 = await search({
      ...base,
      explain: true,
      fusion: { method: 'linear', weights: { bm25: 1, vector: 0 } },
    });
    const linearVector = await search({
      ...base,
      explain: true,
      fusion: { method: 'linear', normalization: 'zscore', weights: { bm25: 0, vector: 1 } },
    });
    // Near-identical notes tie; ties may order differently, the scores down the ranking may not.
    expect(linearBm25.hits.map((hit) => hit.explain?.bm25?.score)).toEqual(bm25.hits.map((hit) => hit.score));
    expect(linearVector.hits.map((hit) => hit.explain?.vector?.score)).toEqual(
      vector.hits.map((hit) => hit.score),
    );
    expect(linearVector.fusion).toEqual({
      method: 'linear',
      normalization: 'zscore',
      weights: { bm25: 0, vector: 1 },
    });
  });

  it('applies a tenant’s default fusion set with `tributary tenants set` within seconds, and a request’s own over it', async () => {
    const set = await runCli([
      'tenants',
      'set',
      f.tenantA,
      '--fusion',
      'linear',
      '--normalization',
      'minmax',
      '--bm25-weight',
      '0.3',
      '--vector-weight',
      '0.7',
    ]);
    expect(set).toMatchObject({ code: 0 });
    try {
      await eventually(
        async () => {
          const response = await search({ query: 'kafka', topK: 3 });
          expect(response.fusion).toEqual({
            method: 'linear',
            normalization: 'minmax',
            weights: { bm25: 0.3, vector: 0.7 },
          });
        },
        { timeoutMs: 10_000 },
      );
      expect((await search({ query: 'kafka', topK: 3, fusion: { method: 'rrf', k: 10 } })).fusion).toEqual({
        method: 'rrf',
        k: 10,
      });
      const refused = await runCli([
        'tenants',
        'set',
        f.tenantA,
        '--fusion',
        'linear',
        '--bm25-weight',
        '-1',
      ]);
      expect(refused.code).toBe(2);
    } finally {
      await new TenantSettingsRepository(f.redis).set(f.tenantA, {});
    }
  });

  // BM25 only ever returns matching documents; the kNN filter is what keeps a filtered page full.
  it.each(['vector', 'hybrid'] as const)(
    'filters inside the %s retriever, so a filtered page stays full even when other documents outrank it',
    async (mode) => {
      // Sixty Kafka notes outrank every recipe for this query: a post-filter over the top chunks would find none.
      const response = await search({
        query: 'kafka partitions keep ordering of messages',
        mode,
        topK: 10,
        filter: { source: [f.sources.rare] },
      });
      expect(response.hits).toHaveLength(10);
      expect(response.hits.every((hit) => hit.source === f.sources.rare)).toBe(true);
    },
  );

  it('filters on metadata terms, number and date ranges, and a uri prefix, in both retrievers', async () => {
    for (const mode of ['bm25', 'vector'] as const) {
      const byTeam = await search({
        query: 'recipe kafka',
        mode,
        topK: 50,
        filter: { metadata: { team: 'kitchen' } },
      });
      expect(new Set(byTeam.hits.map((hit) => hit.source))).toEqual(new Set([f.sources.rare]));
      expect(byTeam.hits).toHaveLength(RARE_DOCS);
      const years = await search({
        query: 'recipe',
        mode,
        topK: 50,
        filter: { source: f.sources.rare, metadata: { year: { gte: 2012, lt: 2015 } } },
      });
      expect(ids(years).sort()).toEqual(['r02', 'r03', 'r04']);
      const dates = await search({
        query: 'recipe',
        mode,
        topK: 50,
        filter: { source: f.sources.rare, metadata: { published: { gt: '2019-06-10T08:00:00Z' } } },
      });
      expect(ids(dates).sort()).toEqual(['r10', 'r11']);
      const teams = await search({
        query: 'kafka recipe',
        mode,
        topK: 100,
        filter: { uriPrefix: 'https://wiki.a/kitchen/', metadata: { team: ['kitchen', 'nobody'] } },
      });
      expect(teams.hits).toHaveLength(RARE_DOCS);
    }
  });

  it('pages through every result exactly once, even when a document is added between pages', async () => {
    const request = {
      query: 'kafka partitions ordering',
      topK: 7,
      filter: { source: f.sources.crowd },
    } as const;
    const first = await search(request);
    expect(first.nextCursor).toBeDefined();
    const seen = ids(first);
    // A new, highly relevant document arrives while the caller pages.
    const ingest = await f.clientWith({ scopes: ['ingest'] });
    await f.push(ingest, [
      { ...crowdDoc(99), source: f.sources.crowd, docId: 'late', title: 'Kafka partitions ordering' },
    ]);
    await f.waitIndexed(f.sources.crowd, CROWD_DOCS + 1);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await search({ ...request, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const all = new Set([
      ...Array.from({ length: CROWD_DOCS }, (_, n) => `c${String(n).padStart(2, '0')}`),
      'late',
    ]);
    expect(new Set(seen)).toEqual(all);
  });

  it('refuses a cursor replayed with a different query', async () => {
    const { nextCursor } = await search({ query: 'kafka', topK: 2, filter: { source: f.sources.crowd } });
    await expect(search({ query: 'sourdough', topK: 2, cursor: nextCursor! })).rejects.toMatchObject({
      status: 400,
      problem: { detail: expect.stringMatching(/cursor/) },
    });
  });

  it('returns a document’s metadata and chunks, and 404 for one that is not there', async () => {
    const document = await f.clientA.getDocument(f.sources.rare, 'r03');
    expect(document).toMatchObject({
      source: f.sources.rare,
      docId: 'r03',
      title: 'Sourdough recipe 3',
      metadata: { team: 'kitchen', year: 2013 },
      uri: 'https://wiki.a/kitchen/r03',
    });
    expect(document?.chunks[0]?.text).toContain('Recipe 3');
    expect(await f.clientA.getDocument(f.sources.rare, 'missing')).toBeUndefined();
  });

  it('logs each query for the fine-tune jobs and stores feedback on its hits durably', async () => {
    const response = await search({ query: 'sourdough starter', topK: 3 });
    const logged = await new QueryLogRepository(f.redis).find(response.queryId);
    expect(logged).toMatchObject({ tenant: f.tenantA, query: 'sourdough starter', mode: 'hybrid' });
    expect(logged?.hits).toEqual(response.hits.map(({ source, docId }) => ({ source, docId })));
    const hit = response.hits[0]!;
    const { feedbackId } = await f.clientA.feedback({
      queryId: response.queryId,
      source: hit.source,
      docId: hit.docId,
      label: 'thumbs_up',
    });
    const stored = await new FeedbackRepository(f.redis).readAfter('0', 1_000_000);
    expect(stored.map(({ entry }) => entry)).toContainEqual(
      expect.objectContaining({
        feedbackId,
        queryId: response.queryId,
        label: 'thumbs_up',
        query: 'sourdough starter',
        tenant: f.tenantA,
      }),
    );
    await expect(
      f.clientA.feedback({
        queryId: '00000000-0000-4000-8000-000000000000',
        source: hit.source,
        docId: hit.docId,
        label: 2,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
