import type { ChunkerSettings } from '@tributary/chunking';
import type { DocumentChangeV1 } from '@tributary/contracts';
import {
  chunkId,
  documentStateKey,
  type ChunkDocument,
  type ChunkWrite,
} from '@tributary/search-data-access';
import { planBatch, type Effective, type IndexingOutcome } from './batch-plan';
import { buildChunks, isReusable, type UnembeddedChunk } from './chunk-builder';
import type { ChunkStore, DocumentStateStore } from './chunk-store';
import type { WriteTarget, WriteTargets } from './write-targets';

/** Chunks of one document looked up for vector reuse; a longer document re-embeds the rest. */
const MAX_REUSE_LOOKUP = 2_000;

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** The vectors of one batch for one target index. */
interface Embedded {
  vectorOf(chunk: UnembeddedChunk): number[];
  reusedOf(doc: Effective): number;
}

const targetKey = (target: WriteTarget) => `${target.index ?? ''}\u0000${target.embeddings.modelId}`;

/**
 * Applies document changes to the index, many at a time: per document only the
 * newest non-stale change of a batch is applied; all its chunks are embedded in
 * one call (reusing the stored vector of any chunk whose text did not change)
 * and written in one bulk request. Each document's chunk set is replaced whole
 * (the surplus of an older, longer version is deleted), and its state record,
 * written last, fences out stale and resurrecting events.
 *
 * Every change goes to every write target (the active index, and during a model
 * migration the next or previous one), each embedded by its own model, in the
 * same bulk request; targets are looked up again just before writing, so a
 * migration that starts while a batch is embedding still gets that batch.
 */
export class DocumentIndexingService {
  constructor(
    private readonly chunks: ChunkStore,
    private readonly states: DocumentStateStore,
    private readonly targets: WriteTargets,
    private readonly chunker: ChunkerSettings,
  ) {}

  async apply(change: DocumentChangeV1): Promise<IndexingOutcome> {
    const [outcome] = await this.applyAll([change]);
    return outcome!;
  }

  /** Applies changes in order; returns one outcome per change. */
  async applyAll(changes: readonly DocumentChangeV1[]): Promise<IndexingOutcome[]> {
    const stored = await this.states.getMany(changes);
    const { outcomes, effective } = planBatch(changes, stored);
    const indexedAt = new Date().toISOString();
    for (const item of effective.values()) {
      if (item.change.op === 'upsert') item.chunks = buildChunks(item.change, this.chunker, indexedAt);
    }
    const docs = [...effective.values()];
    const embedded = new Map<string, Embedded>();
    let targets: WriteTarget[] = [];
    for (let look = 0; look < 2; look++) {
      targets = await this.targets.current();
      for (const target of targets) {
        if (!embedded.has(targetKey(target))) embedded.set(targetKey(target), await this.embed(docs, target));
      }
    }

    try {
      await this.chunks.writeMany(
        targets.flatMap((target) =>
          docs.map((doc) => writeOf(doc, target, embedded.get(targetKey(target))!)),
        ),
      );
    } catch (error) {
      // Some chunks may be in the index now, beyond what the state says exists.
      // Raise the state's high-water mark before giving up, so whichever version
      // comes next (or a delete) cleans those chunk numbers up. A crash before
      // this point redelivers the event, which writes the same chunks again.
      const growing = docs.filter((d) => d.chunks.length > d.before.chunks);
      await this.states.saveMany(
        growing.map(({ change, before, chunks }) => ({
          ...keyOf(change),
          state: { ...before, chunks: chunks.length },
        })),
      );
      throw error;
    }
    await this.states.saveMany(
      docs.map(({ change, chunks }) => ({
        ...keyOf(change),
        state: { version: change.version, chunks: chunks.length, deleted: change.op === 'delete' },
        occurredAt: change.occurredAt,
      })),
    );

    const primary = embedded.get(targetKey(targets[0]!))!;
    return outcomes.map((outcome, i) => {
      if (outcome) return outcome;
      const change = changes[i]!;
      const item = effective.get(documentStateKey(change))!;
      if (change.op === 'delete') return { kind: 'deleted', chunks: item.before.chunks };
      return { kind: 'indexed', chunks: item.chunks.length, reusedEmbeddings: primary.reusedOf(item) };
    });
  }

  /** Vectors for every new chunk: reused where the target's stored chunk was embedded from the same input by its model. */
  private async embed(docs: readonly Effective[], target: WriteTarget): Promise<Embedded> {
    const model = target.embeddings.modelId;
    const stored = await this.chunks.storedEmbeddings(
      docs
        .filter((d) => d.chunks.length > 0 && d.before.chunks > 0)
        .map(({ change, before }) => ({
          ...keyOf(change),
          count: Math.min(before.chunks, MAX_REUSE_LOOKUP),
        })),
      target.index,
    );
    const vectors = new Map<UnembeddedChunk, number[]>();
    const reused = new Map<Effective, number>();
    const missing: UnembeddedChunk[] = [];
    for (const doc of docs) {
      for (const chunk of doc.chunks) {
        const old = stored.get(chunkId(chunk.source, chunk.docId, chunk.chunk));
        if (old && isReusable(old, model, chunk.embeddingInput)) {
          vectors.set(chunk, old.embedding);
          reused.set(doc, (reused.get(doc) ?? 0) + 1);
        } else {
          missing.push(chunk);
        }
      }
    }
    const fresh = await target.embeddings.embedDocuments(missing.map((chunk) => chunk.embeddingInput));
    missing.forEach((chunk, i) => vectors.set(chunk, fresh[i] ?? []));
    return {
      vectorOf: (chunk) => vectors.get(chunk) ?? [],
      reusedOf: (doc) => reused.get(doc) ?? 0,
    };
  }
}

function writeOf({ change, before, chunks }: Effective, target: WriteTarget, embedded: Embedded): ChunkWrite {
  const documents = chunks.map((chunk): ChunkDocument => {
    const { embeddingInput: _input, ...stored } = chunk;
    return { ...stored, model: target.embeddings.modelId, embedding: embedded.vectorOf(chunk) };
  });
  return {
    ...keyOf(change),
    ...(target.index ? { index: target.index } : {}),
    version: change.version,
    versioned: target.versioned,
    chunks: documents,
    remove: range(chunks.length, before.chunks),
  };
}

function keyOf({ source, docId }: DocumentChangeV1) {
  return { source, docId };
}
