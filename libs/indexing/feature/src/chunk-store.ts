import type { ChunkDocument, DocumentState } from '@tributary/search-data-access';

/** The index as the indexing service needs it (ChunkRepository in production). */
export interface ChunkWriter {
  /** Indexes the chunks and deletes the listed chunk numbers of one document. */
  write(
    source: string,
    docId: string,
    chunks: readonly ChunkDocument[],
    remove: readonly number[],
  ): Promise<void>;
}

/** Per-document state, read back immediately after a write (DocumentStateRepository in production). */
export interface DocumentStateStore {
  get(source: string, docId: string): Promise<DocumentState | undefined>;
  save(source: string, docId: string, state: DocumentState): Promise<void>;
}
