import type { Client } from '@elastic/elasticsearch';
import { chunkIndexBody, chunkIndexName } from './chunk-index.mapping';
import { isAlreadyExists } from './already-exists';

export class EmbeddingModelMismatchError extends Error {
  constructor(alias: string, indexed: string, configured: string) {
    super(
      `index alias ${alias} holds embeddings of model "${indexed}" but this service is configured with "${configured}"; ` +
        'use the same model, or migrate the index to the new one',
    );
    this.name = 'EmbeddingModelMismatchError';
  }
}

/** Creates the chunks index and alias on first use and checks the model behind an existing one. */
export class ChunkIndexRepository {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async ensure(modelId: string, dimensions: number): Promise<string> {
    const existing = await this.indexBehindAlias();
    if (existing) {
      const model = await this.modelOf(existing);
      if (model !== modelId) throw new EmbeddingModelMismatchError(this.alias, model ?? 'unknown', modelId);
      return existing;
    }
    const index = chunkIndexName(this.alias, modelId);
    const body = chunkIndexBody(modelId, dimensions);
    try {
      await this.client.indices.create({
        ...body,
        index,
        aliases: { [this.alias]: { is_write_index: true } },
      });
    } catch (error) {
      // Two services starting together may race to create it; the loser uses the winner's.
      if (!isAlreadyExists(error)) throw error;
    }
    return index;
  }

  async indexBehindAlias(): Promise<string | undefined> {
    const exists = await this.client.indices.existsAlias({ name: this.alias });
    if (!exists) return undefined;
    const aliases = await this.client.indices.getAlias({ name: this.alias });
    return Object.keys(aliases)[0];
  }

  private async modelOf(index: string): Promise<string | undefined> {
    const mapping = await this.client.indices.getMapping({ index });
    const meta = mapping[index]?.mappings._meta as { model?: string } | undefined;
    return meta?.model;
  }
}
