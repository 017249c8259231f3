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
 * after a migration: services follow the index, not their configuration, and
 * say so). Loads the index's model, so the first event or query does not wait
 * for it. Returns the active index and its model.
 */
export async function ensureChunkIndex(
  client: Client,
  alias: string,
  configuredModel: string,
  providers: ModelDimensions,
  log: { warn(fields: object, message: string): void },
): Promise<{ index: string; model: string }> {
  const [active] = await new ChunkIndexTargets(client, alias, 0).all();
  const repository = new ChunkIndexRepository(client, alias);
  const { index, model } =
    active?.role === 'active'
      ? await repository.ensure(active.model, active.dimensions)
      : await repository.ensure(configuredModel, (await providers.get(configuredModel)).dimensions);
  if (model !== configuredModel)
    log.warn(
      { index, model, configured: configuredModel },
      'the chunks index holds another model than EMBEDDING_MODEL (migrated?); following the index',
    );
  await providers.get(model);
  return { index, model };
}
