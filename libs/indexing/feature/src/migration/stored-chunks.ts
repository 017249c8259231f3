import type { Client, estypes } from '@elastic/elasticsearch';
import { chunkId, type ChunkDocument } from '@tributary/search-data-access';

/** A chunk as stored, without its vector: what a migration re-embeds. */
export type StoredChunk = Omit<ChunkDocument, 'embedding'>;

const PAGE = 500;

/**
 * Every chunk of an index as of one moment (a point in time), page by page in
 * index order: later writes are not seen, which is why the migration's
 * dual-write must already be on when the scan starts.
 */
export async function* scanChunks(client: Client, index: string): AsyncGenerator<StoredChunk[]> {
  const { id } = await client.openPointInTime({ index, keep_alive: '5m' });
  let pit = id;
  let after: estypes.SortResults | undefined;
  try {
    for (;;) {
      const response = await client.search<StoredChunk>({
        pit: { id: pit, keep_alive: '5m' },
        size: PAGE,
        sort: ['_shard_doc'],
        _source: { excludes: ['embedding'] },
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      pit = response.pit_id ?? pit;
      const hits = response.hits.hits;
      if (hits.length === 0) return;
      yield hits.flatMap((hit) => (hit._source ? [hit._source] : []));
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await client.closePointInTime({ id: pit }).catch(() => undefined);
  }
}

/** The chunks of some documents, read now (after a refresh), for repairs. */
export async function chunksOf(
  client: Client,
  index: string,
  documents: readonly { source: string; docId: string }[],
): Promise<StoredChunk[]> {
  if (documents.length === 0) return [];
  const response = await client.search<StoredChunk>({
    index,
    size: 10_000,
    _source: { excludes: ['embedding'] },
    query: {
      bool: {
        should: documents.map(({ source, docId }) => ({
          bool: { filter: [{ term: { source } }, { term: { docId } }] },
        })),
        minimum_should_match: 1,
      },
    },
  });
  return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

export const idOf = (chunk: StoredChunk) => chunkId(chunk.source, chunk.docId, chunk.chunk);
