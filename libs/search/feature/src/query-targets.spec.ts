import { EmbeddingProviders, HashingEmbeddingProvider, type EmbeddingSettings } from '@tributary/embeddings';
import type { ChunkIndexTarget, ChunkIndexTargets } from '@tributary/search-data-access';
import { ActiveQueryTarget } from './query-targets';

describe('ActiveQueryTarget', () => {
  it('embeds each query with the model of the index it names, following a swap', async () => {
    let active: ChunkIndexTarget = {
      role: 'active',
      index: 'chunks-a',
      model: 'hashing-placeholder-v2-16',
      dimensions: 16,
    };
    const indexes = { active: async () => active } as unknown as ChunkIndexTargets;
    const target = new ActiveQueryTarget(indexes, new EmbeddingProviders({} as EmbeddingSettings));

    const before = await target.current();
    expect(before.index).toBe('chunks-a');
    expect(await before.embedQuery('tides')).toEqual(
      await new HashingEmbeddingProvider(16).embedQuery('tides'),
    );

    active = { role: 'active', index: 'chunks-b', model: 'hashing-placeholder-v2-32', dimensions: 32 };
    const after = await target.current();
    expect(after).toMatchObject({ index: 'chunks-b', model: 'hashing-placeholder-v2-32' });
    expect(await after.embedQuery('tides')).toHaveLength(32);
  });

  it("maps query vectors through the live adapter of the index's model, and only that model's", async () => {
    const active: ChunkIndexTarget = {
      role: 'active',
      index: 'chunks-a',
      model: 'hashing-placeholder-v2-16',
      dimensions: 16,
    };
    const indexes = { active: async () => active } as unknown as ChunkIndexTargets;
    const reversed = { id: 'adapter-1', apply: (vector: readonly number[]) => [...vector].reverse() };
    const asked: string[] = [];
    const adapters = {
      forModel: async (model: string) => {
        asked.push(model);
        return model === active.model ? reversed : undefined;
      },
    };
    const target = new ActiveQueryTarget(indexes, new EmbeddingProviders({} as EmbeddingSettings), adapters);

    const current = await target.current();
    const base = await new HashingEmbeddingProvider(16).embedQuery('tides');
    expect(current.adapter).toBe('adapter-1');
    expect(await current.embedQuery('tides')).toEqual([...base].reverse());
    expect(asked).toEqual(['hashing-placeholder-v2-16']);

    const without = new ActiveQueryTarget(indexes, new EmbeddingProviders({} as EmbeddingSettings), {
      forModel: async () => undefined,
    });
    const plain = await without.current();
    expect(plain.adapter).toBeUndefined();
    expect(await plain.embedQuery('tides')).toEqual(base);
  });
});
