import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

/** Guarantee 5: a caller sees only what its key's tenant and principals allow, whatever the request says. */
describe('tenant isolation and document ACLs', () => {
  let f: GatewayFixture;

  beforeAll(async () => {
    f = await startGatewayFixture({ gateway: 3162, embedder: 3163 });
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  });

  it.each(['bm25', 'vector', 'hybrid'] as const)(
    'a key of tenant A never sees tenant B’s documents in %s search, even when it filters on B’s source',
    async (mode) => {
      const all = await f.clientA.search({ query: 'kafka partitions ordering note', mode, topK: 100 });
      expect(all.hits.length).toBeGreaterThan(0);
      expect(all.hits.some((hit) => hit.source === f.sources.other)).toBe(false);
      const targeted = await f.clientA.search({ query: 'kafka', mode, filter: { source: f.sources.other } });
      expect(targeted.hits).toEqual([]);
      const own = await f.clientB.search({ query: 'kafka partitions ordering note', mode, topK: 100 });
      expect(new Set(own.hits.map((hit) => hit.source))).toEqual(new Set([f.sources.other]));
    },
  );

  it('a key of tenant A cannot read tenant B’s document or give feedback on B’s queries', async () => {
    expect(await f.clientB.getDocument(f.sources.other, 'b1')).toBeDefined();
    expect(await f.clientA.getDocument(f.sources.other, 'b1')).toBeUndefined();
    const query = await f.clientB.search({ query: 'kafka', topK: 1 });
    await expect(
      f.clientA.feedback({ queryId: query.queryId, source: f.sources.other, docId: 'b1', label: 'click' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('a tenant in the request body is refused, not obeyed', async () => {
    await expect(
      f.clientA.search({ query: 'kafka', tenant: f.tenantB } as unknown as { query: string }),
    ).rejects.toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/tenant/) } });
  });

  const roadmap = async (client: typeof f.clientA, principals?: string[]) =>
    (
      await client.search({
        query: 'confidential zeppelin roadmap',
        mode: 'bm25',
        filter: { source: f.sources.secret },
        ...(principals ? { principals } : {}),
      })
    ).hits
      .map((hit) => hit.docId)
      .sort();

  it('shows a key without principals only the public documents', async () => {
    expect(await roadmap(f.clientA)).toEqual(['public']);
    expect(await f.clientA.getDocument(f.sources.secret, 'eng')).toBeUndefined();
  });

  it('shows a key the documents whose ACL names one of its principals', async () => {
    const eng = await f.clientWith({ scopes: ['search'], principals: ['group:eng'] });
    expect(await roadmap(eng)).toEqual(['eng', 'public']);
    expect(await eng.getDocument(f.sources.secret, 'eng')).toMatchObject({ acl: ['group:eng'] });
    expect(await eng.getDocument(f.sources.secret, 'ann')).toBeUndefined();
  });

  it('lets a key act for requested principals only when it may, and refuses others with 403', async () => {
    const service = await f.clientWith({ scopes: ['search'], principals: ['*'] });
    expect(await roadmap(service, ['user:ann'])).toEqual(['ann', 'public']);
    expect(await roadmap(service)).toEqual(['public']);
    const eng = await f.clientWith({ scopes: ['search'], principals: ['group:eng'] });
    await expect(roadmap(eng, ['user:ann'])).rejects.toMatchObject({
      status: 403,
      problem: { detail: expect.stringMatching(/user:ann/) },
    });
  });
});
