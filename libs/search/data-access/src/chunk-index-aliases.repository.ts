import type { Client } from '@elastic/elasticsearch';
import { chunkIndexBody, chunkIndexSlug } from './chunk-index.mapping';
import { chunkIndexAliases, ChunkIndexTargets, type ChunkIndexTarget } from './chunk-index-targets';

export class ChunkIndexStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChunkIndexStateError';
  }
}

/**
 * While a migration builds the next index, deletes in it leave tombstones this
 * long, so the copy of an older chunk can never bring a deleted one back.
 */
const MIGRATION_GC_DELETES = '12h';
const NORMAL_GC_DELETES = '60s';

/**
 * The alias moves of a model migration, each one atomic (a single _aliases
 * request): start (create the next index), swap (it becomes active, the old
 * one previous), rollback (active and previous trade places), finish (drop the
 * previous index) and abort (drop the next one).
 */
export class ChunkIndexAliasesRepository {
  private readonly names: ReturnType<typeof chunkIndexAliases>;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.names = chunkIndexAliases(alias);
  }

  /** Fresh roles, never cached: these moves must act on what is there now. */
  async targets(): Promise<Partial<Record<ChunkIndexTarget['role'], ChunkIndexTarget>>> {
    const all = await new ChunkIndexTargets(this.client, this.alias, 0).all();
    return Object.fromEntries(all.map((target) => [target.role, target]));
  }

  async start(modelId: string, dimensions: number): Promise<string> {
    const { active, next, previous } = await this.targets();
    if (!active) throw new ChunkIndexStateError(`there is no index behind ${this.alias} to migrate from`);
    if (next)
      throw new ChunkIndexStateError(`a migration is already building ${next.index} (model ${next.model})`);
    if (previous)
      throw new ChunkIndexStateError(
        `${previous.index} is still kept for rollback; run \`tributary index finish\` to drop it before migrating again`,
      );
    if (active.model === modelId)
      throw new ChunkIndexStateError(`${active.index} already holds model ${modelId}`);
    const stamp = this.now().toISOString().replace(/\D/g, '').slice(0, 14);
    const index = `${this.alias}-${chunkIndexSlug(modelId)}-${stamp}`;
    const body = chunkIndexBody(modelId, dimensions);
    await this.client.indices.create({
      ...body,
      index,
      settings: { ...body.settings, 'index.gc_deletes': MIGRATION_GC_DELETES },
      aliases: { [this.names.next]: {} },
    });
    return index;
  }

  /** The next index becomes active (the write index); the old active one is kept as previous. */
  async swap(): Promise<{ active: string; previous: string }> {
    const { active, next } = await this.targets();
    if (!active || !next) throw new ChunkIndexStateError('no migration is building a next index');
    await this.client.indices.putSettings({
      index: next.index,
      settings: { 'index.gc_deletes': NORMAL_GC_DELETES },
    });
    return this.promote(next.index, this.names.next, active.index);
  }

  /** The previous index is active again; the one it replaced is kept as previous. */
  async rollback(): Promise<{ active: string; previous: string }> {
    const { active, previous } = await this.targets();
    if (!active || !previous) throw new ChunkIndexStateError('there is no previous index to roll back to');
    return this.promote(previous.index, this.names.previous, active.index);
  }

  /** In one request: `incoming` leaves its alias and becomes active; the active index becomes previous. */
  private async promote(incoming: string, incomingAlias: string, active: string) {
    await this.client.indices.updateAliases({
      actions: [
        { remove: { index: active, alias: this.names.active } },
        { remove: { index: incoming, alias: incomingAlias } },
        { add: { index: incoming, alias: this.names.active, is_write_index: true } },
        { add: { index: active, alias: this.names.previous } },
      ],
    });
    return { active: incoming, previous: active };
  }

  /** Drops the index kept for rollback (services stop writing to it within their cache time). */
  async finish(): Promise<string> {
    const { previous } = await this.targets();
    if (!previous) throw new ChunkIndexStateError('there is no previous index to drop');
    await this.client.indices.updateAliases({
      actions: [{ remove: { index: previous.index, alias: this.names.previous } }],
    });
    await this.client.indices.delete({ index: previous.index });
    return previous.index;
  }

  /** Gives up a migration: drops the next index. */
  async abort(): Promise<string> {
    const { next } = await this.targets();
    if (!next) throw new ChunkIndexStateError('no migration is building a next index');
    await this.client.indices.updateAliases({
      actions: [{ remove: { index: next.index, alias: this.names.next } }],
    });
    await this.client.indices.delete({ index: next.index });
    return next.index;
  }
}
