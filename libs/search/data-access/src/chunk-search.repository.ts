import type { Client, estypes } from '@elastic/elasticsearch';
import type { ChunkDocument } from './chunk-document';
import { filterClauses, type ChunkSearchFilter } from './chunk-filter';

export interface ChunkHit {
  id: string;
  score: number;
  source: string;
  docId: string;
  chunk: number;
  title: string;
  text: string;
  uri: string;
  /** Text fragments with matched terms wrapped in <em>, from BM25 hits. */
  highlights: string[];
}

export interface ChunkSearchRequest {
  /** A concrete index to search instead of the alias: the one the query vector's model belongs to. */
  index?: string;
  text?: string;
  vector?: number[];
  size: number;
  /**
   * kNN candidates per shard: more is slower and more exact. Kept the same for
   * every page of a query, so a deeper page sees the same neighbours first.
   */
  numCandidates?: number;
  filter: ChunkSearchFilter;
}

/** Candidates the kNN search considers per shard unless the request needs more. */
export const DEFAULT_NUM_CANDIDATES = 100;

export interface ChunkSearchResult {
  bm25?: ChunkHit[];
  vector?: ChunkHit[];
}

type StoredChunk = Omit<ChunkDocument, 'embedding'>;

const SOURCE_FIELDS = ['source', 'docId', 'chunk', 'title', 'text', 'uri'];

/** BM25 and kNN retrieval over chunks, both in one _msearch round trip. */
export class ChunkSearchRepository {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async search(request: ChunkSearchRequest): Promise<ChunkSearchResult> {
    const filter = filterClauses(request.filter);
    const index = request.index ?? this.alias;
    const searches: estypes.MsearchRequestItem[] = [];
    const kinds: Array<keyof ChunkSearchResult> = [];
    if (request.text !== undefined) {
      kinds.push('bm25');
      searches.push(
        { index },
        {
          size: request.size,
          _source: SOURCE_FIELDS,
          query: {
            bool: {
              must: [{ multi_match: { query: request.text, fields: ['title', 'text'], tie_breaker: 0.3 } }],
              filter,
            },
          },
          highlight: highlightOf(request.text),
        },
      );
    }
    if (request.vector !== undefined) {
      kinds.push('vector');
      searches.push(
        { index },
        {
          size: request.size,
          _source: SOURCE_FIELDS,
          knn: {
            field: 'embedding',
            query_vector: request.vector,
            k: request.size,
            num_candidates: Math.max(request.numCandidates ?? DEFAULT_NUM_CANDIDATES, request.size),
            filter,
          },
          // A hybrid search's vector-only hits show the query's words too, not a plain opening.
          ...(request.text !== undefined ? { highlight: highlightOf(request.text) } : {}),
        },
      );
    }
    if (searches.length === 0) return {};
    const response = await this.client.msearch<StoredChunk>({ searches });
    const result: ChunkSearchResult = {};
    response.responses.forEach((item, i) => {
      const kind = kinds[i];
      if (!kind) return;
      if ('error' in item)
        throw new Error(`${kind} search failed: ${item.error.type}: ${item.error.reason ?? ''}`);
      result[kind] = item.hits.hits.map(toChunkHit);
    });
    return result;
  }
}

function toChunkHit(hit: estypes.SearchHit<StoredChunk>): ChunkHit {
  const doc = hit._source;
  if (!doc) throw new Error(`chunk ${hit._id ?? '?'} came back without its source fields`);
  return {
    id: hit._id ?? '',
    score: hit._score ?? 0,
    source: doc.source,
    docId: doc.docId,
    chunk: doc.chunk,
    title: doc.title,
    text: doc.text,
    uri: doc.uri,
    highlights: hit.highlight?.['text'] ?? [],
  };
}

/**
 * Fragments of the chunk text with the query's words marked. The query is named
 * (highlight_query) so a kNN search, which has none of its own, highlights too;
 * encoder html: document text is escaped, so only our <em> tags are markup.
 */
function highlightOf(text: string): estypes.SearchHighlight {
  return {
    encoder: 'html',
    highlight_query: { multi_match: { query: text, fields: ['title', 'text'] } },
    fields: { text: { fragment_size: 160, number_of_fragments: 2 } },
  };
}
