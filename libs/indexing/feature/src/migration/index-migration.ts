import type { Client } from '@elastic/elasticsearch';
import type { EmbeddingProvider } from '@tributary/embeddings';
import {
  ChunkIndexAliasesRepository,
  ChunkRepository,
  type ChunkDocument,
} from '@tributary/search-data-access';
import { embeddingInputOf, isReusable } from '../chunk-builder';
import { compareIndices, type IndexDifference } from './index-comparison';
import { chunksOf, idOf, scanChunks, type StoredChunk } from './stored-chunks';

export type MigrationEvent =
  | { stage: 'started'; from: string; fromModel: string; to: string; toModel: string; resumed: boolean }
  | { stage: 'dual-write'; waitMs: number }
  | { stage: 'copied'; chunks: number; embedded: number; chunksPerSecond: number }
  | { stage: 'verified'; differences: number; round: number }
  | { stage: 'swapped'; active: string; previous: string };

export interface MigrationOptions {
  /** How long the services need to see the next index (their INDEX_ALIAS_TTL_MS) plus one bulk write. */
  dualWriteWaitMs: number;
  /** Verify-and-repair rounds before giving up with the differences. */
  verifyRounds: number;
  onEvent?: (event: MigrationEvent) => void;
}

export class IncompleteMigrationError extends Error {
  constructor(readonly differences: readonly IndexDifference[]) {
    const sample = differences.slice(0, 5).map((d) => `${d.source}/${d.docId}`);
    super(
      `the new index still differs from the active one in ${differences.length} document(s) (${sample.join(', ')}); ` +
        'the alias was not swapped. Run the migration again to resume, or `tributary index abort` to drop it',
    );
    this.name = 'IncompleteMigrationError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Moves the chunks alias to a new embedding model without downtime or a
 * re-crawl:
 *  1. create the next index (alias <alias>-next); the embedders see it within
 *     their alias TTL and from then on write every change to it too, embedded
 *     by the new model (versioned writes, so order does not matter);
 *  2. after that wait, copy every chunk of the active index as of one moment,
 *     re-embedding its stored text (a chunk the dual-write already holds with
 *     the same text is not embedded again);
 *  3. compare the two indices document by document, repair what differs (a
 *     change in flight during the comparison shows up in one round and not the
 *     next), and refuse to swap while they differ;
 *  4. swap the aliases in one atomic request; the old index stays as
 *     <alias>-previous, still written to, for `index rollback`.
 * Searches keep running on the active index throughout. Running it again after
 * a crash resumes with the next index it left.
 */
export class IndexMigration {
  private readonly aliases: ChunkIndexAliasesRepository;
  private readonly chunks: ChunkRepository;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly options: MigrationOptions,
  ) {
    this.aliases = new ChunkIndexAliasesRepository(client, alias);
    this.chunks = new ChunkRepository(client, alias);
  }

  async run(embeddings: EmbeddingProvider): Promise<{ active: string; previous: string }> {
    const emit = this.options.onEvent ?? (() => undefined);
    const { active, next } = await this.aliases.targets();
    const resumed = next?.model === embeddings.modelId;
    const to = resumed ? next.index : await this.aliases.start(embeddings.modelId, embeddings.dimensions);
    const from = active!;
    emit({
      stage: 'started',
      from: from.index,
      fromModel: from.model,
      to,
      toModel: embeddings.modelId,
      resumed,
    });

    emit({ stage: 'dual-write', waitMs: this.options.dualWriteWaitMs });
    await sleep(this.options.dualWriteWaitMs);
    await this.client.indices.refresh({ index: from.index });

    const started = performance.now();
    let copied = 0;
    let embedded = 0;
    for await (const page of scanChunks(this.client, from.index)) {
      embedded += await this.copy(page, to, embeddings);
      copied += page.length;
      const seconds = (performance.now() - started) / 1000;
      emit({
        stage: 'copied',
        chunks: copied,
        embedded,
        chunksPerSecond: Math.round(copied / Math.max(seconds, 1e-3)),
      });
    }

    for (let round = 1; ; round++) {
      const differences = await compareIndices(this.client, from.index, to);
      emit({ stage: 'verified', differences: differences.length, round });
      if (differences.length === 0) break;
      if (round >= this.options.verifyRounds) throw new IncompleteMigrationError(differences);
      // A difference may be a change still in flight: look again before repairing.
      await sleep(this.options.dualWriteWaitMs);
      if (round > 1) await this.repair(differences, from.index, to, embeddings);
    }

    const swapped = await this.aliases.swap();
    emit({ stage: 'swapped', ...swapped });
    return swapped;
  }

  /**
   * Writes a page of chunks into the target (versioned), embedded by its model;
   * a vector the target already holds for the same text is reused. Returns how
   * many chunks needed embedding.
   */
  private async copy(
    page: readonly StoredChunk[],
    to: string,
    embeddings: EmbeddingProvider,
  ): Promise<number> {
    const documents = new Map<string, { source: string; docId: string; count: number }>();
    for (const chunk of page) {
      const key = `${chunk.source}\u0000${chunk.docId}`;
      const entry = documents.get(key) ?? { source: chunk.source, docId: chunk.docId, count: 0 };
      entry.count = Math.max(entry.count, chunk.chunk + 1);
      documents.set(key, entry);
    }
    const stored = await this.chunks.storedEmbeddings([...documents.values()], to);
    const input = (chunk: StoredChunk) => embeddingInputOf(chunk.title, chunk.text);
    const vectors = new Map<string, number[]>();
    const missing: StoredChunk[] = [];
    for (const chunk of page) {
      const there = stored.get(idOf(chunk));
      if (there && isReusable(there, embeddings.modelId, input(chunk)))
        vectors.set(idOf(chunk), there.embedding);
      else missing.push(chunk);
    }
    const fresh = await embeddings.embedDocuments(missing.map(input));
    missing.forEach((chunk, i) => vectors.set(idOf(chunk), fresh[i]!));
    await this.chunks.writeMany(
      page.map((chunk) => ({
        index: to,
        source: chunk.source,
        docId: chunk.docId,
        version: chunk.version,
        versioned: true,
        chunks: [
          {
            ...chunk,
            model: embeddings.modelId,
            embedding: vectors.get(idOf(chunk))!,
          } satisfies ChunkDocument,
        ],
        remove: [],
      })),
    );
    return missing.length;
  }

  /** Copies the differing documents again from the active index and drops chunks it no longer has. */
  private async repair(
    differences: readonly IndexDifference[],
    from: string,
    to: string,
    embeddings: EmbeddingProvider,
  ): Promise<void> {
    for (let i = 0; i < differences.length; i += 100) {
      const batch = differences.slice(i, i + 100);
      const source = await chunksOf(this.client, from, batch);
      const target = await chunksOf(this.client, to, batch);
      const keep = new Set(source.map(idOf));
      const surplus = target.filter((chunk) => !keep.has(idOf(chunk)));
      if (source.length > 0) await this.copy(source, to, embeddings);
      if (surplus.length > 0)
        await this.client.bulk({
          operations: surplus.map((chunk) => ({ delete: { _index: to, _id: idOf(chunk) } })),
          refresh: false,
        });
    }
  }
}
