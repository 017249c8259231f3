import type { Client } from '@elastic/elasticsearch';
import { bulkWrite } from './bulk-write';
import { chunkId, type ChunkDocument } from './chunk-document';

/** One document's part of a bulk write: chunks to (re)index and chunk numbers to delete. */
export interface ChunkWrite {
  /** The concrete index (or the alias when omitted). */
  index?: string;
  source: string;
  docId: string;
  /** The document version the write applies. */
  version: number;
  chunks: readonly ChunkDocument[];
  remove: readonly number[];
  /**
   * Versioned writes (Elasticsearch external_gte, by document version) never
   * replace or delete a newer version's chunk: a migration's copy of the
   * active index and the live writes into the new index may then land in any order.
   */
  versioned?: boolean;
}

/** What an indexed chunk was embedded from, and its vector: reused when the same text comes again. */
export interface StoredEmbedding {
  title: string;
  text: string;
  model: string;
  embedding: number[];
}

/** Writes and reads chunks through the chunks alias. */
export class ChunkRepository {
  /**
   * refresh "wait_for" makes each write visible to search before it returns (for
   * tests); the default leaves visibility to the index's 1s refresh interval.
   * Correctness never depends on it: ids are deterministic and state is read by GET.
   */
  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly refresh: 'wait_for' | false = false,
  ) {}

  /** Indexes and deletes the chunks of many documents in one bulk request. */
  async writeMany(writes: readonly ChunkWrite[]): Promise<void> {
    const operations = writes.flatMap(({ index, source, docId, version, chunks, remove, versioned }) => {
      const target = {
        _index: index ?? this.alias,
        ...(versioned ? { version, version_type: 'external_gte' as const } : {}),
      };
      return [
        ...chunks.flatMap((chunk) => [
          { index: { ...target, _id: chunkId(source, docId, chunk.chunk) } },
          chunk,
        ]),
        ...remove.map((chunk) => ({ delete: { ...target, _id: chunkId(source, docId, chunk) } })),
      ];
    });
    await bulkWrite(this.client, operations, this.refresh);
  }

  async write(source: string, docId: string, chunks: readonly ChunkDocument[], remove: readonly number[]) {
    await this.writeMany([{ source, docId, version: chunks[0]?.version ?? 0, chunks, remove }]);
  }

  /** The stored text and vector of chunks 0..count-1 of each document, by chunk id (realtime GET). */
  async storedEmbeddings(
    documents: readonly { source: string; docId: string; count: number }[],
    index: string = this.alias,
  ): Promise<Map<string, StoredEmbedding>> {
    const ids = documents.flatMap(({ source, docId, count }) =>
      Array.from({ length: count }, (_, chunk) => chunkId(source, docId, chunk)),
    );
    const found = new Map<string, StoredEmbedding>();
    if (ids.length === 0) return found;
    const response = await this.client.mget<StoredEmbedding>({
      index,
      ids,
      _source: ['title', 'text', 'model', 'embedding'],
    });
    for (const doc of response.docs) {
      if ('found' in doc && doc.found && doc._source) found.set(doc._id, doc._source);
    }
    return found;
  }

  async countChunks(source: string, docId: string): Promise<number> {
    const response = await this.client.count({
      index: this.alias,
      query: { bool: { filter: [{ term: { source } }, { term: { docId } }] } },
    });
    return response.count;
  }
}
