import type { Client } from '@elastic/elasticsearch';
import {
  CHUNK_MAPPING_VERSION,
  chunkDynamicTemplates,
  chunkIndexBody,
  chunkIndexName,
  chunkMappingV2Properties,
} from './chunk-index.mapping';
import { isAlreadyExists } from './already-exists';

interface ChunkIndexMeta {
  model?: string;
  dimensions?: number;
  mapping?: number;
}

/**
 * Creates the chunks index and alias on first use, for the configured model,
 * and brings an older mapping up to date (additive changes only). An existing
 * index keeps its own model: services follow it (ChunkIndexTargets), and only
 * `tributary index migrate` changes it.
 */
export class ChunkIndexRepository {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async ensure(modelId: string, dimensions: number): Promise<{ index: string; model: string }> {
    const existing = await this.indexBehindAlias();
    if (existing) {
      const meta = await this.metaOf(existing);
      if ((meta.mapping ?? 0) < CHUNK_MAPPING_VERSION) await this.upgradeMapping(existing, meta);
      return { index: existing, model: meta.model ?? 'unknown' };
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
      return this.ensure(modelId, dimensions);
    }
    return { index, model: modelId };
  }

  async indexBehindAlias(): Promise<string | undefined> {
    const exists = await this.client.indices.existsAlias({ name: this.alias });
    if (!exists) return undefined;
    const aliases = await this.client.indices.getAlias({ name: this.alias });
    return Object.keys(aliases)[0];
  }

  private async metaOf(index: string): Promise<ChunkIndexMeta> {
    const mapping = await this.client.indices.getMapping({ index });
    return (mapping[index]?.mappings._meta as ChunkIndexMeta | undefined) ?? {};
  }

  /**
   * Mapping 1 → 2 adds `tenant` and `metadataDates` in place; chunks written
   * before keep neither until their document is indexed again. Idempotent, so
   * services starting together may both run it.
   */
  private async upgradeMapping(index: string, meta: ChunkIndexMeta): Promise<void> {
    await this.client.indices.putMapping({
      index,
      properties: chunkMappingV2Properties,
      dynamic_templates: chunkDynamicTemplates,
      _meta: { ...meta, mapping: CHUNK_MAPPING_VERSION },
    });
  }
}
