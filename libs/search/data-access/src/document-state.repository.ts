import type { Client } from '@elastic/elasticsearch';
import { isAlreadyExists } from './already-exists';
import { documentKeyHash } from './chunk-document';

/** What the index holds of one document. */
export interface DocumentState {
  /** Last applied version; -1 before any version was applied. */
  version: number;
  /** High-water mark of chunk numbers that may exist for the document. */
  chunks: number;
  /** A tombstone: the document was deleted at `version`. */
  deleted: boolean;
}

interface StoredState extends DocumentState {
  source: string;
  docId: string;
  updatedAt: string;
}

/**
 * Per-document state, read with Elasticsearch's realtime GET so a write is
 * visible to the next event at once, before any refresh. Tombstones stay, so a
 * late upsert of an older version can never bring a deleted document back.
 */
export class DocumentStateRepository {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  async ensure(): Promise<void> {
    try {
      await this.client.indices.create({
        index: this.index,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            source: { type: 'keyword' },
            docId: { type: 'keyword' },
            version: { type: 'long' },
            chunks: { type: 'integer' },
            deleted: { type: 'boolean' },
            updatedAt: { type: 'date' },
          },
        },
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }

  async get(source: string, docId: string): Promise<DocumentState | undefined> {
    const response = await this.client.get<StoredState>(
      { index: this.index, id: documentKeyHash(source, docId) },
      { ignore: [404] },
    );
    if (!response.found || !response._source) return undefined;
    const { version, chunks, deleted } = response._source;
    return { version, chunks, deleted };
  }

  async save(source: string, docId: string, state: DocumentState): Promise<void> {
    await this.client.index({
      index: this.index,
      id: documentKeyHash(source, docId),
      document: { source, docId, ...state, updatedAt: new Date().toISOString() } satisfies StoredState,
    });
  }
}
