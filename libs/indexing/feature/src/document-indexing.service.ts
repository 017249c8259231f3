import { CHUNKER_ID, chunkText, type ChunkerSettings } from '@tributary/chunking';
import type { DocumentChangeV1, DocumentUpsertV1 } from '@tributary/contracts';
import type { EmbeddingProvider } from '@tributary/embeddings';
import type { ChunkDocument, DocumentState } from '@tributary/search-data-access';
import type { ChunkWriter, DocumentStateStore } from './chunk-store';

export type IndexingOutcome =
  | { kind: 'indexed'; chunks: number }
  | { kind: 'deleted'; chunks: number }
  | { kind: 'stale'; indexedVersion: number };

const NOTHING_APPLIED: DocumentState = { version: -1, chunks: 0, deleted: false };

/**
 * An event older than what the index holds is skipped; at equal versions a
 * delete wins, so a replayed upsert cannot undo it.
 */
function isStale(state: DocumentState, change: DocumentChangeV1): boolean {
  if (state.version !== change.version) return state.version > change.version;
  return state.deleted && change.op === 'upsert';
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * Applies one document change to the index. Each document's chunks are
 * replaced whole (the surplus of an older, longer version is deleted), and its
 * state record, written last, fences out stale and resurrecting events.
 */
export class DocumentIndexingService {
  constructor(
    private readonly chunks: ChunkWriter,
    private readonly states: DocumentStateStore,
    private readonly embeddings: EmbeddingProvider,
    private readonly chunker: ChunkerSettings,
  ) {}

  async apply(change: DocumentChangeV1): Promise<IndexingOutcome> {
    const state = (await this.states.get(change.source, change.docId)) ?? NOTHING_APPLIED;
    if (isStale(state, change)) return { kind: 'stale', indexedVersion: state.version };
    switch (change.op) {
      case 'upsert':
        return this.upsert(change, state);
      case 'delete': {
        await this.chunks.write(change.source, change.docId, [], range(0, state.chunks));
        await this.states.save(change.source, change.docId, {
          version: change.version,
          chunks: 0,
          deleted: true,
        });
        return { kind: 'deleted', chunks: state.chunks };
      }
    }
  }

  private async upsert(change: DocumentUpsertV1, state: DocumentState): Promise<IndexingOutcome> {
    const chunks = await this.buildChunks(change);
    if (chunks.length > state.chunks) {
      // Raise the high-water mark first: if the write fails halfway, a later
      // version still knows which chunk numbers to clean up.
      await this.states.save(change.source, change.docId, { ...state, chunks: chunks.length });
    }
    await this.chunks.write(change.source, change.docId, chunks, range(chunks.length, state.chunks));
    await this.states.save(change.source, change.docId, {
      version: change.version,
      chunks: chunks.length,
      deleted: false,
    });
    return { kind: 'indexed', chunks: chunks.length };
  }

  private async buildChunks(change: DocumentUpsertV1): Promise<ChunkDocument[]> {
    const body = chunkText(change.body, this.chunker);
    // A document with a title and no body is still findable by its title.
    const pieces = body.length > 0 || !change.title.trim() ? body : [{ chunk: 0, text: change.title.trim() }];
    // The title gives every chunk's vector the document's context.
    const vectors = await this.embeddings.embedDocuments(
      pieces.map((piece) => `${change.title}\n\n${piece.text}`),
    );
    const chunker = `${CHUNKER_ID};max=${this.chunker.maxTokens};overlap=${this.chunker.overlapTokens}`;
    const indexedAt = new Date().toISOString();
    return pieces.map((piece, i) => ({
      source: change.source,
      docId: change.docId,
      chunk: piece.chunk,
      title: change.title,
      text: piece.text,
      uri: change.uri,
      metadata: change.metadata,
      ...(change.acl ? { acl: change.acl } : {}),
      version: change.version,
      embedding: vectors[i] ?? [],
      model: this.embeddings.modelId,
      chunker,
      indexedAt,
    }));
  }
}
