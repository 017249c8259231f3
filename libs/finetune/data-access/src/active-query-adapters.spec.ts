import type { ActiveModelPointerV1, ModelKind } from '@tributary/contracts';
import { QueryAdapter } from '@tributary/finetune-util';
import { ActiveQueryAdapters } from './active-query-adapters';
import type { ModelRegistryRepository, StoredAdapterWeights } from './model-registry.repository';

const REFRESH_MS = 1_000;
const BASE = 'test-embedder';

const stored = (adapter: QueryAdapter): StoredAdapterWeights => ({
  dimensions: adapter.dimensions,
  weights: adapter.toBase64(),
  checksum: adapter.checksum(),
});
/** Swaps the two coordinates: tells its output apart from the identity's. */
const SWAP = new QueryAdapter(2, Float32Array.from([0, 1, 1, 0]));

/** The registry as the gateway sees it: a live id per base model, weights per id, and an outage switch. */
class FakeRegistry implements Pick<ModelRegistryRepository, 'pointer' | 'weights'> {
  readonly live = new Map<string, string>();
  readonly stored = new Map<string, StoredAdapterWeights>([
    ['identity', stored(QueryAdapter.identity(2))],
    ['swap', stored(SWAP)],
  ]);
  outage: Error | undefined;
  readonly pointerCalls: string[] = [];
  readonly weightsCalls: string[] = [];

  async pointer(kind: ModelKind, baseModel: string): Promise<ActiveModelPointerV1> {
    this.pointerCalls.push(baseModel);
    await Promise.resolve();
    if (this.outage) throw this.outage;
    const active = this.live.get(baseModel);
    return { kind, baseModel, ...(active ? { active } : {}), history: [], updatedAt: '', updatedBy: '' };
  }

  async weights(id: string): Promise<StoredAdapterWeights | undefined> {
    this.weightsCalls.push(id);
    await Promise.resolve();
    if (this.outage) throw this.outage;
    return this.stored.get(id);
  }
}

describe('ActiveQueryAdapters', () => {
  let registry: FakeRegistry;
  let now: number;
  let errors: unknown[];
  let adapters: ActiveQueryAdapters;

  beforeEach(() => {
    registry = new FakeRegistry();
    now = 0;
    errors = [];
    adapters = new ActiveQueryAdapters(
      registry,
      REFRESH_MS,
      () => now,
      (error) => errors.push(error),
    );
  });

  it('returns undefined when no adapter is live, without loading any weights', async () => {
    expect(await adapters.forModel(BASE)).toBeUndefined();
    expect(registry.weightsCalls).toEqual([]);
  });

  it('serves the live adapter with its weights applied to query vectors', async () => {
    registry.live.set(BASE, 'swap');
    const adapter = await adapters.forModel(BASE);
    expect(adapter?.id).toBe('swap');
    expect(adapter?.apply([1, 0])).toEqual([0, 1]);
  });

  it('reads the pointer at most once per refresh interval', async () => {
    registry.live.set(BASE, 'identity');
    expect((await adapters.forModel(BASE))?.id).toBe('identity');
    registry.live.set(BASE, 'swap');
    now = REFRESH_MS - 1;
    expect((await adapters.forModel(BASE))?.id).toBe('identity');
    expect(registry.pointerCalls).toHaveLength(1);
  });

  it('picks up a newly promoted adapter once the refresh interval has passed', async () => {
    registry.live.set(BASE, 'identity');
    await adapters.forModel(BASE);
    registry.live.set(BASE, 'swap');
    now = REFRESH_MS;
    const adapter = await adapters.forModel(BASE);
    expect(adapter?.id).toBe('swap');
    expect(adapter?.apply([1, 0])).toEqual([0, 1]);
  });

  it('follows a rollback to none: no adapter after the next refresh', async () => {
    registry.live.set(BASE, 'swap');
    await adapters.forModel(BASE);
    registry.live.delete(BASE);
    now = REFRESH_MS;
    expect(await adapters.forModel(BASE)).toBeUndefined();
  });

  it('loads the weights once per live id, however often the pointer is re-read', async () => {
    registry.live.set(BASE, 'swap');
    const first = await adapters.forModel(BASE);
    for (let i = 1; i <= 3; i++) {
      now = i * REFRESH_MS;
      expect(await adapters.forModel(BASE)).toBe(first);
    }
    expect(registry.pointerCalls).toHaveLength(4);
    expect(registry.weightsCalls).toEqual(['swap']);
  });

  it('shares one registry read among concurrent requests', async () => {
    registry.live.set(BASE, 'swap');
    const served = await Promise.all([
      adapters.forModel(BASE),
      adapters.forModel(BASE),
      adapters.forModel(BASE),
    ]);
    expect(served.map((adapter) => adapter?.id)).toEqual(['swap', 'swap', 'swap']);
    expect(registry.pointerCalls).toHaveLength(1);
    expect(registry.weightsCalls).toEqual(['swap']);
  });

  it('keeps the last adapter while the registry cannot be read, reporting the error, and retries after the interval', async () => {
    registry.live.set(BASE, 'swap');
    await adapters.forModel(BASE);

    registry.outage = new Error('registry unavailable');
    now = REFRESH_MS;
    expect((await adapters.forModel(BASE))?.id).toBe('swap');
    expect(errors).toEqual([registry.outage]);
    // An outage does not turn every query into a registry read.
    now = REFRESH_MS + 1;
    await adapters.forModel(BASE);
    expect(registry.pointerCalls).toHaveLength(2);

    registry.outage = undefined;
    registry.live.set(BASE, 'identity');
    now = 2 * REFRESH_MS;
    expect((await adapters.forModel(BASE))?.id).toBe('identity');
  });

  it('keeps the last adapter when the newly live one has no weights in the registry', async () => {
    registry.live.set(BASE, 'swap');
    await adapters.forModel(BASE);
    registry.live.set(BASE, 'lost');
    now = REFRESH_MS;
    expect((await adapters.forModel(BASE))?.id).toBe('swap');
    expect(String(errors[0])).toMatch(/lost has no weights/);
  });

  it('serves no adapter when the registry fails before any adapter was known', async () => {
    registry.live.set(BASE, 'swap');
    registry.outage = new Error('registry unavailable');
    expect(await adapters.forModel(BASE)).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('follows each base model separately', async () => {
    registry.live.set(BASE, 'swap');
    registry.live.set('other-embedder', 'identity');
    expect((await adapters.forModel(BASE))?.id).toBe('swap');
    expect((await adapters.forModel('other-embedder'))?.id).toBe('identity');
    expect(await adapters.forModel('unadapted-embedder')).toBeUndefined();
    expect(registry.pointerCalls).toEqual([BASE, 'other-embedder', 'unadapted-embedder']);
  });
});
