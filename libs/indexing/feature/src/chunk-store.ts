import type { ChunkDocument } from '@tributary/search-data-access';

/** The index as the indexing service needs it (ChunkRepository in production). */
export interface ChunkStore {
  currentVersion(source: string, docId: string): Promise<number | undefined>;
  replaceDocument(
    source: string,
    docId: string,
    version: number,
    chunks: readonly ChunkDocument[],
  ): Promise<void>;
  deleteDocument(source: string, docId: string, version: number): Promise<number>;
}
