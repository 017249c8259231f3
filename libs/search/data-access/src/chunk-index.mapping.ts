import type { estypes } from '@elastic/elasticsearch';

/** The concrete index for one embedding model; the alias points at it. */
export function chunkIndexName(alias: string, modelId: string): string {
  const slug = modelId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${alias}-${slug}-m1`;
}

export function chunkIndexBody(modelId: string, dimensions: number): estypes.IndicesCreateRequest {
  return {
    index: '', // set by the caller
    settings: {
      number_of_shards: 1,
      number_of_replicas: 0,
      refresh_interval: '1s',
      analysis: {
        // Lowercase + English stopwords, built from server-core parts only: the stripped
        // distribution of the local stack ships no analysis-common module (no stemmers).
        analyzer: {
          tributary_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'stop'] },
        },
      },
    },
    mappings: {
      dynamic: 'strict',
      // Metadata strings stay keywords: no guessing dates or numbers from their text.
      date_detection: false,
      numeric_detection: false,
      _meta: { model: modelId, dimensions, mapping: 1 },
      properties: {
        source: { type: 'keyword' },
        docId: { type: 'keyword' },
        chunk: { type: 'integer' },
        title: {
          type: 'text',
          analyzer: 'tributary_text',
          fields: { keyword: { type: 'keyword', ignore_above: 512 } },
        },
        text: { type: 'text', analyzer: 'tributary_text' },
        uri: { type: 'keyword' },
        metadata: { type: 'object', dynamic: true },
        acl: { type: 'keyword' },
        version: { type: 'long' },
        embedding: {
          type: 'dense_vector',
          dims: dimensions,
          index: true,
          similarity: 'cosine',
          index_options: { type: 'hnsw', m: 16, ef_construction: 100 },
        },
        model: { type: 'keyword' },
        chunker: { type: 'keyword' },
        indexedAt: { type: 'date' },
      },
      dynamic_templates: [
        {
          metadata_strings: {
            path_match: 'metadata.*',
            match_mapping_type: 'string',
            mapping: { type: 'keyword' },
          },
        },
      ],
    },
  };
}
