import type { Client } from '@elastic/elasticsearch';
import { realServices, uniqueName } from '@tributary/testing';
import { ChunkIndexAliasesRepository, ChunkIndexStateError } from './chunk-index-aliases.repository';
import { ChunkIndexRepository } from './chunk-index.repository';
import { ChunkIndexTargets, NoChunkIndexError } from './chunk-index-targets';
import { createElasticsearchClient } from './elasticsearch-client';

describe('chunk index roles and migration alias moves (real Elasticsearch)', () => {
  let es: Client;
  let alias: string;
  let clock: Date;
  const roles = async () =>
    (await new ChunkIndexTargets(es, alias, 0).all()).map(({ role, index, model }) => ({
      role,
      index,
      model,
    }));

  beforeAll(() => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  });
  beforeEach(() => {
    alias = uniqueName('it-roles');
    clock = new Date('2026-11-24T10:00:00Z');
  });
  afterEach(() => es.indices.delete({ index: `${alias}-*`, ignore_unavailable: true }));
  afterAll(() => es.close());

  it('has no roles and no active index before the first index exists', async () => {
    expect(await roles()).toEqual([]);
    await expect(new ChunkIndexTargets(es, alias, 0).active()).rejects.toThrow(NoChunkIndexError);
  });

  it('starts, swaps, rolls back and finishes, each move leaving exactly one index per role', async () => {
    await new ChunkIndexRepository(es, alias).ensure('model-a', 4);
    const first = `${alias}-model-a-m1`;
    const moves = new ChunkIndexAliasesRepository(es, alias, () => clock);

    const next = await moves.start('model-b', 8);
    expect(next).toBe(`${alias}-model-b-20261124100000`);
    expect(await roles()).toEqual([
      { role: 'active', index: first, model: 'model-a' },
      { role: 'next', index: next, model: 'model-b' },
    ]);
    const settings = await es.indices.getSettings({ index: next });
    expect(settings[next]?.settings?.index?.gc_deletes).toBe('12h');

    await expect(moves.swap()).resolves.toEqual({ active: next, previous: first });
    expect(await roles()).toEqual([
      { role: 'active', index: next, model: 'model-b' },
      { role: 'previous', index: first, model: 'model-a' },
    ]);
    const after = await es.indices.getSettings({ index: next });
    expect(after[next]?.settings?.index?.gc_deletes).toBe('60s');
    const aliases = await es.indices.getAlias({ name: alias });
    expect(aliases[next]?.aliases[alias]?.is_write_index).toBe(true);

    await expect(moves.rollback()).resolves.toEqual({ active: first, previous: next });
    expect((await roles()).map((r) => [r.role, r.index])).toEqual([
      ['active', first],
      ['previous', next],
    ]);

    await expect(moves.finish()).resolves.toBe(next);
    expect(await roles()).toEqual([{ role: 'active', index: first, model: 'model-a' }]);
    expect(await es.indices.exists({ index: next })).toBe(false);
  });

  it('refuses moves the current roles do not allow, saying why', async () => {
    const moves = new ChunkIndexAliasesRepository(es, alias, () => clock);
    await expect(moves.start('model-b', 8)).rejects.toThrow(/no index behind/);
    await new ChunkIndexRepository(es, alias).ensure('model-a', 4);
    await expect(moves.start('model-a', 4)).rejects.toThrow(/already holds model model-a/);
    await expect(moves.swap()).rejects.toThrow(ChunkIndexStateError);
    await expect(moves.rollback()).rejects.toThrow(/no previous index/);
    await expect(moves.finish()).rejects.toThrow(/no previous index/);
    await expect(moves.abort()).rejects.toThrow(/no migration/);

    await moves.start('model-b', 8);
    await expect(moves.start('model-c', 8)).rejects.toThrow(/already building .* \(model model-b\)/);
    await expect(moves.abort()).resolves.toMatch(/model-b/);
    expect((await roles()).map((r) => r.role)).toEqual(['active']);

    await moves.start('model-b', 8);
    await moves.swap();
    clock = new Date('2026-11-24T11:00:00Z');
    await expect(moves.start('model-c', 8)).rejects.toThrow(/tributary index finish/);
  });

  it('caches the roles for its TTL, so a swap reaches a service within that time', async () => {
    await new ChunkIndexRepository(es, alias).ensure('model-a', 4);
    let now = 0;
    const cached = new ChunkIndexTargets(es, alias, 1_000, () => now);
    expect((await cached.active()).model).toBe('model-a');
    const moves = new ChunkIndexAliasesRepository(es, alias, () => clock);
    await moves.start('model-b', 8);
    await moves.swap();
    now = 999;
    expect((await cached.active()).model).toBe('model-a');
    now = 1_000;
    expect((await cached.active()).model).toBe('model-b');
  });
});
