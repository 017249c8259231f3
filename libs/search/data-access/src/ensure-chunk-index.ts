import type { Client } from '@elastic/elasticsearch';
import { ChunkIndexRepository } from './chunk-index.repository';
import { ChunkIndexTargets } from './chunk-index-targets';

/** What ensureChunkIndex needs of the embedding providers (EmbeddingProviders in production). */
export interface ModelDimensions {
  get(modelId: string): Promise<{ dimensions: number }>;
}

/**
 * At a service's start: creates the chunks index for the configured model if
 * there is none, else keeps the existing one (and its model, which may differ
 * after a migration: services follow the index, not their configuration).
 * Returns the active index, its model, and the configured model when it differs.
 */
export async function ensureChunkIndex(
  client: Client,
  alias: string,
  configuredModel: string,
  providers: ModelDimensions,
): Promise<{ index: string; model: string; configuredDiffers: boolean }> {
  const [active] = await new ChunkIndexTargets(client, alias, 0).all();
  const repository = new ChunkIndexRepository(client, alias);
  const { index, model } =
    active?.role === 'active'
      ? await repository.ensure(active.model, active.dimensions)
      : await repository.ensure(configuredModel, (await providers.get(configuredModel)).dimensions);
  return { index, model, configuredDiffers: model !== configuredModel };
}
