import { Client, type estypes } from '@elastic/elasticsearch';
import type { RegisteredModelV1 } from '@tributary/contracts';
import { realServices, uniqueName } from '@tributary/testing';
import { ModelRegistryError } from './model-registry.errors';
import { ModelRegistryRepository, type StoredAdapterWeights } from './model-registry.repository';

const BASE = 'test-embedder';

const model = (
  id: string,
  createdAt: string,
  overrides: Partial<RegisteredModelV1> = {},
): RegisteredModelV1 => ({
  id,
  kind: 'query-adapter',
  baseModel: BASE,
  plan: 'adapters',
  runId: `run-${id}`,
  datasetId: `dataset-${id}`,
  createdAt,
  ...overrides,
});

const weightsOf = (id: string): StoredAdapterWeights => ({
  dimensions: 2,
  weights: Buffer.from(new Float32Array([1, 0, 0, 1]).buffer).toString('base64'),
  checksum: `checksum-${id}`,
});

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof ModelRegistryError ? error.code : `other: ${String(error)}`),
  );

/**
 * The real client, except that pointer writes wait until `readers` pointer reads
 * have finished: concurrent activations then always read the same version, so
 * the compare-and-set is exercised on every run rather than by luck of timing.
 */
function racingClient(es: Client, readers: number): Client {
  let reads = 0;
  let allRead!: () => void;
  const barrier = new Promise<void>((resolve) => (allRead = resolve));
  return new Proxy(es, {
    get(target, property, receiver) {
      if (property === 'get')
        return async (params: estypes.GetRequest) => {
          try {
            return await target.get(params);
          } finally {
            if (params.id.startsWith('pointer:') && ++reads === readers) allRead();
          }
        };
      if (property === 'index')
        return async (params: estypes.IndexRequest) => {
          if (params.id?.startsWith('pointer:')) await barrier;
          return target.index(params);
        };
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

describe('ModelRegistryRepository (real Elasticsearch)', () => {
  let es: Client;
  let index: string;
  let registry: ModelRegistryRepository;

  beforeAll(() => {
    es = new Client({ node: realServices.elasticsearchUrl });
  });
  beforeEach(async () => {
    index = uniqueName('it-models');
    registry = new ModelRegistryRepository(es, index);
    await registry.ensure();
    // Writes wait for a refresh: a short interval keeps the suite quick.
    await es.indices.putSettings({ index, settings: { refresh_interval: '50ms' } });
  });
  afterEach(() => es.indices.delete({ index, ignore_unavailable: true }));
  afterAll(() => es.close());

  /** Saves adapters a, b, c (oldest first), each with its weights. */
  const saveThree = async () => {
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      await registry.save(model(id, `2026-01-0${i + 1}T00:00:00Z`), weightsOf(id));
    }
  };

  it('ensure() is idempotent: a second process starting on an existing index is fine', async () => {
    await expect(registry.ensure()).resolves.toBeUndefined();
  });

  it('saves and gets a model; list() is newest first, filters, and leaves weights out; weights() returns them', async () => {
    await saveThree();
    await registry.save(model('g', '2026-01-04T00:00:00Z', { kind: 'generator', baseModel: 'gpt-x' }));

    expect(await registry.get('b')).toEqual({
      ...model('b', '2026-01-02T00:00:00Z'),
      dimensions: 2,
      checksum: 'checksum-b',
    });
    expect(await registry.get('missing')).toBeUndefined();

    const all = await registry.list();
    expect(all.map((m) => m.id)).toEqual(['g', 'c', 'b', 'a']);
    for (const listed of all) expect(listed).not.toHaveProperty('weights');
    expect((await registry.list({ kind: 'query-adapter' })).map((m) => m.id)).toEqual(['c', 'b', 'a']);
    expect((await registry.list({ baseModel: 'gpt-x' })).map((m) => m.id)).toEqual(['g']);
    expect((await registry.list({ size: 2 })).map((m) => m.id)).toEqual(['g', 'c']);

    expect(await registry.weights('b')).toEqual(weightsOf('b'));
    expect(await registry.weights('g')).toBeUndefined();
    expect(await registry.weights('missing')).toBeUndefined();
  });

  it('has no live model before the first activation', async () => {
    expect(await registry.pointer('query-adapter', BASE)).toEqual({
      kind: 'query-adapter',
      baseModel: BASE,
      history: [],
      updatedAt: '',
      updatedBy: '',
    });
    expect(await registry.pointers()).toEqual([]);
  });

  it('activates a model by moving the pointer, pushing the one it replaces onto the history', async () => {
    await saveThree();
    const first = await registry.activate('a', 'alice');
    expect(first).toMatchObject({
      kind: 'query-adapter',
      baseModel: BASE,
      active: 'a',
      history: [],
      updatedBy: 'alice',
    });
    expect(await registry.pointer('query-adapter', BASE)).toEqual(first);

    await registry.activate('b', 'bob');
    const third = await registry.activate('c', 'carol');
    expect(third).toMatchObject({ active: 'c', history: ['a', 'b'], updatedBy: 'carol' });
    expect(await registry.pointer('query-adapter', BASE)).toEqual(third);
    expect(await registry.pointers()).toEqual([third]);
  });

  it('activating the live model again is a no-op: the pointer is not rewritten', async () => {
    await saveThree();
    const live = await registry.activate('a', 'alice');
    const again = await registry.activate('a', 'bob', null);
    expect(again).toEqual(live);
    expect(await registry.pointer('query-adapter', BASE)).toEqual(live);
  });

  it('refuses to activate a model the registry does not hold', async () => {
    expect(await codeOf(registry.activate('missing', 'alice'))).toBe('not-found');
  });

  it('rolls back to the previous model, then to none, and refuses to roll back with nothing live', async () => {
    await saveThree();
    for (const id of ['a', 'b', 'c']) await registry.activate(id, 'alice');

    expect(await registry.rollback('query-adapter', BASE, 'bob')).toMatchObject({
      active: 'b',
      history: ['a'],
      updatedBy: 'bob',
    });
    expect(await registry.rollback('query-adapter', BASE, 'bob')).toMatchObject({ active: 'a', history: [] });
    const none = await registry.rollback('query-adapter', BASE, 'bob');
    expect(none.active).toBeUndefined();
    expect(none.history).toEqual([]);
    const stored = await registry.pointer('query-adapter', BASE);
    expect(stored.active).toBeUndefined();
    expect(stored.history).toEqual([]);

    expect(await codeOf(registry.rollback('query-adapter', BASE, 'bob'))).toBe('nothing-to-roll-back');
  });

  it('refuses to roll back a (kind, base model) that never had a live model', async () => {
    expect(await codeOf(registry.rollback('query-adapter', 'never-used', 'bob'))).toBe(
      'nothing-to-roll-back',
    );
    expect(await registry.pointers()).toEqual([]);
  });

  it('activates with expectedActive only while the live model is still the expected one', async () => {
    await saveThree();
    await registry.activate('a', 'alice', null);
    expect(await codeOf(registry.activate('b', 'bob', null))).toBe('conflict');
    expect(await codeOf(registry.activate('b', 'bob', 'c'))).toBe('conflict');
    expect((await registry.pointer('query-adapter', BASE)).active).toBe('a');

    await expect(registry.activate('b', 'bob', 'a')).resolves.toMatchObject({ active: 'b', history: ['a'] });
  });

  it.each([
    ['with no pointer yet (both race to create it)', [] as string[]],
    ['with a live model (both compare-and-set the same version)', ['a']],
  ])('two concurrent activations %s both land: no lost update', async (_case, before) => {
    await saveThree();
    for (const id of before) await registry.activate(id, 'setup');

    const racing = new ModelRegistryRepository(racingClient(es, 2), index);
    const [fromB, fromC] = await Promise.all([racing.activate('b', 'bob'), racing.activate('c', 'carol')]);

    const final = await registry.pointer('query-adapter', BASE);
    const winner = final.active;
    expect(['b', 'c']).toContain(winner);
    const loser = winner === 'b' ? 'c' : 'b';
    // The later write saw the earlier one: its predecessor is on the history, after anything live before.
    expect(final.history).toEqual([...before, loser]);
    expect(winner === 'b' ? fromB : fromC).toEqual(final);
    expect((winner === 'b' ? fromC : fromB).active).toBe(loser);
  });

  it('keeps pointers of different kinds and base models apart', async () => {
    await saveThree();
    await registry.save(model('g', '2026-01-04T00:00:00Z', { kind: 'generator', baseModel: 'gpt-x' }));
    await registry.activate('a', 'alice');
    await registry.activate('g', 'alice');

    expect((await registry.pointer('query-adapter', BASE)).active).toBe('a');
    expect((await registry.pointer('generator', 'gpt-x')).active).toBe('g');
    expect((await registry.pointer('generator', BASE)).active).toBeUndefined();
    expect((await registry.pointers()).map((p) => p.active).sort()).toEqual(['a', 'g']);
  });
});
