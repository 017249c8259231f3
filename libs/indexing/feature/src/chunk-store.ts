import type {
  ChunkWrite,
  DocumentKey,
  DocumentState,
  DocumentStateWrite,
  StoredEmbedding,
} from '@tributary/search-data-access';

/** The chunks index as the indexing service needs it (ChunkRepository in production). */
export interface ChunkStore {
  /** Indexes and deletes the chunks of many documents in one request. */
  writeMany(writes: readonly ChunkWrite[]): Promise<void>;
  /** Stored text and vectors of chunks 0..count-1 of each document in one index (the alias if omitted), by chunk id. */
  storedEmbeddings(
    documents: readonly { source: string; docId: string; count: number }[],
    index?: string,
  ): Promise<Map<string, StoredEmbedding>>;
}

/** Per-document state, read back immediately after a write (DocumentStateRepository in production). */
export interface DocumentStateStore {
  getMany(keys: readonly DocumentKey[]): Promise<Map<string, DocumentState>>;
  /** An entry's occurredAt (the applied change's) is kept with the state as its freshness record. */
  saveMany(entries: readonly DocumentStateWrite[]): Promise<void>;
}
