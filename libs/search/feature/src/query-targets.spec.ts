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
});
