import { QueryAdapter } from '@tributary/finetune-util';
import type { ModelRegistryRepository } from './model-registry.repository';

/** How long the gateway trusts its view of the live adapter: a promotion or rollback reaches every gateway within this. */
export const ADAPTER_REFRESH_MS = 2_000;

/** The live query adapter of an embedding model, if any. */
export interface LiveQueryAdapter {
  id: string;
  apply(vector: readonly number[]): number[];
}

interface Cached {
  checkedAt: number;
  adapter?: LiveQueryAdapter;
}

/**
 * Follows the registry's pointer for each embedding model, re-reading it at most
 * once per refresh interval and loading weights only when the live id changes.
 * When the registry cannot be read the last known adapter stays in use: a
 * registry outage must not silently change search results.
 */
export class ActiveQueryAdapters {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<Cached>>();

  constructor(
    private readonly registry: Pick<ModelRegistryRepository, 'pointer' | 'weights'>,
    private readonly refreshMs: number = ADAPTER_REFRESH_MS,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async forModel(baseModel: string): Promise<LiveQueryAdapter | undefined> {
    const cached = this.cache.get(baseModel);
    if (cached && this.now() - cached.checkedAt < this.refreshMs) return cached.adapter;
    let pending = this.loading.get(baseModel);
    if (!pending) {
      pending = this.refresh(baseModel, cached).finally(() => this.loading.delete(baseModel));
      this.loading.set(baseModel, pending);
    }
    return (await pending).adapter;
  }

  private async refresh(baseModel: string, cached: Cached | undefined): Promise<Cached> {
    let next: Cached;
    try {
      const pointer = await this.registry.pointer('query-adapter', baseModel);
      next = { checkedAt: this.now(), adapter: await this.load(pointer.active, cached?.adapter) };
    } catch (error) {
      this.onError(error);
      next = { checkedAt: this.now(), ...(cached?.adapter ? { adapter: cached.adapter } : {}) };
    }
    this.cache.set(baseModel, next);
    return next;
  }

  private async load(id: string | undefined, current: LiveQueryAdapter | undefined) {
    if (id === undefined) return undefined;
    if (current?.id === id) return current;
    const stored = await this.registry.weights(id);
    if (!stored) throw new Error(`the live query adapter ${id} has no weights in the registry`);
    const adapter = QueryAdapter.fromBase64(stored.dimensions, stored.weights);
    return { id, apply: (vector: readonly number[]) => adapter.apply(vector) };
  }
}
