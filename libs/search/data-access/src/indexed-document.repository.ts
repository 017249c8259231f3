import type { Client, estypes } from '@elastic/elasticsearch';
import { DOCUMENT_CHUNKS_MAX, type DocumentV1 } from '@tributary/contracts';
import type { ChunkDocument } from './chunk-document';
import { filterClauses, type ChunkSearchFilter } from './chunk-filter';

type StoredChunk = Omit<ChunkDocument, 'embedding'>;

/** One indexed document read back from its chunks, as a caller with these rights may see it. */
export class IndexedDocumentRepository {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  /** Undefined when the document is not indexed or not visible to the caller: the two look the same. */
  async find(
    caller: Pick<ChunkSearchFilter, 'tenant' | 'principals'>,
    source: string,
    docId: string,
  ): Promise<DocumentV1 | undefined> {
    const response = await this.client.search<StoredChunk>({
      index: this.alias,
      size: DOCUMENT_CHUNKS_MAX,
      track_total_hits: true,
      _source: { excludes: ['embedding'] },
      sort: [{ chunk: 'asc' }],
      query: {
        bool: {
          filter: [
            ...filterClauses({ ...caller, sources: [source] }),
            { term: { docId } },
          ] satisfies estypes.QueryDslQueryContainer[],
        },
      },
    });
    const chunks = response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    const first = chunks[0];
    if (!first) return undefined;
    const total =
      typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
    return {
      source: first.source,
      docId: first.docId,
      title: first.title,
      uri: first.uri,
      version: first.version,
      metadata: first.metadata,
      ...(first.acl ? { acl: first.acl } : {}),
      model: first.model,
      indexedAt: first.indexedAt,
      chunks: chunks.map(({ chunk, text }) => ({ chunk, text })),
      ...(total > chunks.length ? { chunksTruncated: true } : {}),
    };
  }
}
