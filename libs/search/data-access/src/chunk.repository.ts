import type { Client, estypes } from '@elastic/elasticsearch';
import { chunkId, type ChunkDocument } from './chunk-document';

export interface BulkItemFailure {
  id: string;
  status: number;
  reason: string;
}

export class BulkWriteError extends Error {
  constructor(readonly failures: readonly BulkItemFailure[]) {
    const sample = failures.slice(0, 3).map((f) => `${f.id}: ${f.status} ${f.reason}`);
    super(`Elasticsearch rejected ${failures.length} chunk write(s): ${sample.join('; ')}`);
    this.name = 'BulkWriteError';
  }

  /** Every item was refused for load or availability (429, 5xx): worth retrying as a whole. */
  get transient(): boolean {
    return this.failures.every((failure) => failure.status === 429 || failure.status >= 500);
  }
}

/** Writes one document's chunks through the chunks alias. */
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

  /** Indexes the given chunks and deletes the given chunk numbers, in one bulk request. */
  async write(
    source: string,
    docId: string,
    chunks: readonly ChunkDocument[],
    remove: readonly number[],
  ): Promise<void> {
    const operations = [
      ...chunks.flatMap((chunk) => [
        { index: { _index: this.alias, _id: chunkId(source, docId, chunk.chunk) } },
        chunk,
      ]),
      ...remove.map((chunk) => ({ delete: { _index: this.alias, _id: chunkId(source, docId, chunk) } })),
    ];
    if (operations.length === 0) return;
    const response = await this.client.bulk({ operations, refresh: this.refresh });
    if (response.errors) throw new BulkWriteError(bulkFailures(response));
  }

  async countChunks(source: string, docId: string): Promise<number> {
    const response = await this.client.count({
      index: this.alias,
      query: { bool: { filter: [{ term: { source } }, { term: { docId } }] } },
    });
    return response.count;
  }
}

function bulkFailures(response: estypes.BulkResponse): BulkItemFailure[] {
  return response.items.flatMap((item) => {
    const result = Object.values(item)[0];
    // Deleting a chunk that is already gone is the outcome we wanted.
    if (!result?.error) return [];
    return [
      {
        id: result._id ?? '?',
        status: result.status,
        reason: `${result.error.type}: ${result.error.reason ?? ''}`,
      },
    ];
  });
}
