import { CHUNKER_ID, chunkText, type ChunkerSettings } from '@tributary/chunking';
import type { DocumentChangeV1, DocumentUpsertV1 } from '@tributary/contracts';
import type { EmbeddingProvider } from '@tributary/embeddings';
import type { ChunkDocument } from '@tributary/search-data-access';
import type { ChunkStore } from './chunk-store';

export type IndexingOutcome =
  | { kind: 'indexed'; chunks: number }
  | { kind: 'deleted'; chunks: number }
  | { kind: 'stale'; indexedVersion: number };

/** Applies one document change to the index: chunk, embed, replace, or delete. */
export class DocumentIndexingService {
  constructor(
    private readonly store: ChunkStore,
    private readonly embeddings: EmbeddingProvider,
    private readonly chunker: ChunkerSettings,
  ) {}

  async apply(change: DocumentChangeV1): Promise<IndexingOutcome> {
    const indexedVersion = await this.store.currentVersion(change.source, change.docId);
    // Events of one document arrive in order on one partition; an older version is a replay.
    if (indexedVersion !== undefined && indexedVersion > change.version)
      return { kind: 'stale', indexedVersion };
    switch (change.op) {
      case 'upsert':
        return this.upsert(change);
      case 'delete': {
        const chunks = await this.store.deleteDocument(change.source, change.docId, change.version);
        return { kind: 'deleted', chunks };
      }
    }
  }

  private async upsert(change: DocumentUpsertV1): Promise<IndexingOutcome> {
    const body = chunkText(change.body, this.chunker);
    // A document with a title and no body is still findable by its title.
    const pieces = body.length > 0 || !change.title.trim() ? body : [{ chunk: 0, text: change.title.trim() }];
    // The title gives every chunk's vector the document's context.
    const vectors = await this.embeddings.embedDocuments(
      pieces.map((piece) => `${change.title}\n\n${piece.text}`),
    );
    const chunker = `${CHUNKER_ID};max=${this.chunker.maxTokens};overlap=${this.chunker.overlapTokens}`;
    const indexedAt = new Date().toISOString();
    const chunks: ChunkDocument[] = pieces.map((piece, i) => ({
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
    await this.store.replaceDocument(change.source, change.docId, change.version, chunks);
    return { kind: 'indexed', chunks: chunks.length };
  }
}
