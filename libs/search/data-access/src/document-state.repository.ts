import type { Client } from '@elastic/elasticsearch';
import { isAlreadyExists } from './already-exists';
import { bulkWrite } from './bulk-write';
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

export interface DocumentKey {
  source: string;
  docId: string;
}

/** A state to save: the applied event's occurredAt, when there was one, becomes the freshness record. */
export interface DocumentStateWrite extends DocumentKey {
  state: DocumentState;
  /** occurredAt of the change that produced this state; absent for a bookkeeping write (high-water mark). */
  occurredAt?: string;
}

interface StoredState extends DocumentState, DocumentKey {
  updatedAt: string;
  /** The applied event's occurredAt. */
  occurredAt?: string;
  /** updatedAt − occurredAt in ms (0 when the source's clock ran ahead): the change's freshness. */
  freshnessMs?: number;
}

// Added after the first release: ensure() puts them on an index created before them.
const FRESHNESS_FIELDS = {
  occurredAt: { type: 'date' },
  freshnessMs: { type: 'long' },
} as const;

/** A map key for one document in memory (not the Kafka key, which is contracts' documentKey). */
export const documentStateKey = ({ source, docId }: DocumentKey): string => `${source}\u0000${docId}`;

/**
 * Per-document state, read with Elasticsearch's realtime (m)GET so a write is
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
            ...FRESHNESS_FIELDS,
          },
        },
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      // The mapping is strict: an index from before the freshness fields would refuse every write.
      // Adding a field that is already there with the same type is a no-op, so this is idempotent.
      await this.client.indices.putMapping({ index: this.index, properties: FRESHNESS_FIELDS });
    }
  }

  /** The states of the given documents, keyed by documentStateKey(); absent when never applied. */
  async getMany(keys: readonly DocumentKey[]): Promise<Map<string, DocumentState>> {
    const states = new Map<string, DocumentState>();
    if (keys.length === 0) return states;
    const response = await this.client.mget<StoredState>({
      index: this.index,
      ids: keys.map(({ source, docId }) => documentKeyHash(source, docId)),
    });
    for (const doc of response.docs) {
      if (!('found' in doc) || !doc.found || !doc._source) continue;
      const { source, docId, version, chunks, deleted } = doc._source;
      states.set(documentStateKey({ source, docId }), { version, chunks, deleted });
    }
    return states;
  }

  async get(source: string, docId: string): Promise<DocumentState | undefined> {
    return (await this.getMany([{ source, docId }])).get(documentStateKey({ source, docId }));
  }

  /** Writes many states in one bulk request, each with its freshness when its event's occurredAt is given. */
  async saveMany(entries: readonly DocumentStateWrite[]): Promise<void> {
    const now = new Date();
    const updatedAt = now.toISOString();
    const operations = entries.flatMap(({ source, docId, state, occurredAt }) => [
      { index: { _index: this.index, _id: documentKeyHash(source, docId) } },
      {
        source,
        docId,
        ...state,
        updatedAt,
        ...freshnessOf(occurredAt, now),
      } satisfies StoredState,
    ]);
    await bulkWrite(this.client, operations);
  }
}

function freshnessOf(
  occurredAt: string | undefined,
  writtenAt: Date,
): Pick<StoredState, 'occurredAt' | 'freshnessMs'> {
  const occurred = occurredAt === undefined ? Number.NaN : Date.parse(occurredAt);
  if (Number.isNaN(occurred)) return {};
  return {
    occurredAt: new Date(occurred).toISOString(),
    freshnessMs: Math.max(0, writtenAt.getTime() - occurred),
  };
}
