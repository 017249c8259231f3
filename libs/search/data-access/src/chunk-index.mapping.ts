import type { estypes } from '@elastic/elasticsearch';

/** A model id as it may appear in an index name. */
export const chunkIndexSlug = (modelId: string): string =>
  modelId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The first concrete index, for one embedding model; the alias points at it. Migrations add dated ones. */
export function chunkIndexName(alias: string, modelId: string): string {
  return `${alias}-${chunkIndexSlug(modelId)}-m1`;
}

/** Version of the chunk mapping, recorded as `_meta.mapping`; ChunkIndexRepository upgrades older indices. */
export const CHUNK_MAPPING_VERSION = 2;

/** Dynamic templates, in order: sent whole on create and on upgrade (put mapping replaces the list). */
export const chunkDynamicTemplates: Record<string, estypes.MappingDynamicTemplate>[] = [
  {
    metadata_strings: {
      path_match: 'metadata.*',
      match_mapping_type: 'string',
      mapping: { type: 'keyword' },
    },
  },
  // Only ISO dates are copied here; ignore_malformed keeps a value Elasticsearch cannot
  // parse from failing the whole chunk (a poison event) should the detection ever disagree.
  { metadata_dates: { path_match: 'metadataDates.*', mapping: { type: 'date', ignore_malformed: true } } },
];

/** Properties added by mapping 2 (tenants and metadata dates): what an upgrade puts on an older index. */
export const chunkMappingV2Properties = {
  tenant: { type: 'keyword' },
  metadataDates: { type: 'object', dynamic: true },
} satisfies Record<string, estypes.MappingProperty>;

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
      _meta: { model: modelId, dimensions, mapping: CHUNK_MAPPING_VERSION },
      properties: {
        source: { type: 'keyword' },
        tenant: chunkMappingV2Properties.tenant,
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
        metadataDates: chunkMappingV2Properties.metadataDates,
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
      dynamic_templates: chunkDynamicTemplates,
    },
  };
}
