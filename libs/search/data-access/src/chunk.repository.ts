import type { Client, estypes } from '@elastic/elasticsearch';
import { chunkId, type ChunkDocument } from './chunk-document';

export interface IndexedChunk {
  id: string;
  chunk: number;
  version: number;
}

const PAGE_SIZE = 1000;

export class BulkWriteError extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`Elasticsearch rejected ${failures.length} chunk write(s): ${failures.slice(0, 3).join('; ')}`);
    this.name = 'BulkWriteError';
  }
}

/** Reads and writes one document's chunks through the chunks alias. */
export class ChunkRepository {
  /**
   * refresh "wait_for" makes each write visible before it returns (for tests
   * that read right after writing); the default leaves visibility to the index's
   * refresh interval (1s), which keeps writes fast.
   */
  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly refresh: 'wait_for' | false = false,
  ) {}

  /** The highest version indexed for a document, if any chunk of it is indexed. */
  async currentVersion(source: string, docId: string): Promise<number | undefined> {
    const response = await this.client.search<Pick<ChunkDocument, 'version'>>({
      index: this.alias,
      size: 1,
      query: documentQuery(source, docId),
      sort: [{ version: 'desc' }],
      _source: ['version'],
    });
    return response.hits.hits[0]?._source?.version;
  }

  /** Ids, numbers and versions of every indexed chunk of a document, paging through them all. */
  async documentChunks(source: string, docId: string): Promise<IndexedChunk[]> {
    const chunks: IndexedChunk[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.client.search<Pick<ChunkDocument, 'chunk' | 'version'>>({
        index: this.alias,
        size: PAGE_SIZE,
        query: documentQuery(source, docId),
        sort: [{ chunk: 'asc' }, { version: 'asc' }],
        _source: ['chunk', 'version'],
        ...(after ? { search_after: after } : {}),
      });
      const hits = response.hits.hits;
      for (const hit of hits) {
        if (hit._id && hit._source)
          chunks.push({ id: hit._id, chunk: hit._source.chunk, version: hit._source.version });
      }
      if (hits.length < PAGE_SIZE) return chunks;
      after = hits[hits.length - 1]?.sort;
    }
  }

  /**
   * Writes a document's chunks under deterministic ids and, in the same bulk
   * request, deletes every indexed chunk of it that the new set does not replace.
   */
  async replaceDocument(
    source: string,
    docId: string,
    _version: number,
    chunks: readonly ChunkDocument[],
  ): Promise<void> {
    const ids = new Set(chunks.map((chunk) => chunkId(source, docId, chunk.chunk)));
    const surplus = (await this.documentChunks(source, docId)).filter((indexed) => !ids.has(indexed.id));
    const operations = [
      ...chunks.flatMap((chunk) => [
        { index: { _index: this.alias, _id: chunkId(source, docId, chunk.chunk) } },
        chunk,
      ]),
      ...surplus.map((indexed) => ({ delete: { _index: this.alias, _id: indexed.id } })),
    ];
    await this.bulk(operations);
  }

  /** Removes every chunk of a document at or below the given version; returns how many. */
  async deleteDocument(source: string, docId: string, version: number): Promise<number> {
    const doomed = (await this.documentChunks(source, docId)).filter((indexed) => indexed.version <= version);
    await this.bulk(doomed.map((indexed) => ({ delete: { _index: this.alias, _id: indexed.id } })));
    return doomed.length;
  }

  private async bulk(operations: unknown[]): Promise<void> {
    if (operations.length === 0) return;
    const response = await this.client.bulk({ operations, refresh: this.refresh });
    if (response.errors) throw new BulkWriteError(bulkFailures(response));
  }

  async countChunks(source: string, docId: string): Promise<number> {
    const response = await this.client.count({ index: this.alias, query: documentQuery(source, docId) });
    return response.count;
  }
}

function documentQuery(source: string, docId: string): estypes.QueryDslQueryContainer {
  return { bool: { filter: [{ term: { source } }, { term: { docId } }] } };
}

function bulkFailures(response: estypes.BulkResponse): string[] {
  return response.items.flatMap((item) => {
    const result = Object.values(item)[0];
    // A delete of a chunk that is already gone is the outcome we wanted.
    if (result?.status === 404 && 'delete' in item) return [];
    return result?.error ? [`${result._id}: ${result.error.type}: ${result.error.reason ?? ''}`] : [];
  });
}
