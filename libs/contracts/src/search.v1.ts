import { z } from 'zod';
import { searchFilterV1Schema } from './search-filter.v1';

/** Limits of POST /v1/search (documented in ARCHITECTURE.md and enforced here). */
export const SEARCH_LIMITS = {
  queryMaxLength: 2048,
  /** Hits per page. */
  topKMax: 100,
  /** How deep cursor pagination reaches, in documents. */
  pageDepthMax: 500,
  cursorMaxLength: 8192,
  principalsMax: 64,
} as const;

export const searchModes = ['hybrid', 'bm25', 'vector'] as const;
export type SearchMode = (typeof searchModes)[number];

export const linearNormalizations = ['minmax', 'zscore'] as const;
export type LinearNormalization = (typeof linearNormalizations)[number];

const weight = z.number().min(0).max(100);

/** How hybrid mode combines the BM25 and vector rankings. */
export const fusionV1Schema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('rrf'),
    /** score = sum of 1 / (k + rank); larger k flattens the head of each list. */
    k: z.number().int().min(1).max(1000).optional(),
  }),
  z.strictObject({
    method: z.literal('linear'),
    normalization: z.enum(linearNormalizations).optional(),
    weights: z
      .strictObject({ bm25: weight, vector: weight })
      .refine((w) => w.bm25 + w.vector > 0, 'at least one weight must be positive')
      .optional(),
  }),
]);

export type FusionV1 = z.infer<typeof fusionV1Schema>;

const principal = z.string().min(1).max(256);

export const searchRequestV1Schema = z.strictObject({
  query: z.string().trim().min(1, 'query must not be empty').max(SEARCH_LIMITS.queryMaxLength),
  /** Hits per page. */
  topK: z.number().int().min(1).max(SEARCH_LIMITS.topKMax).default(10).describe('Hits per page.'),
  mode: z
    .enum(searchModes)
    .default('hybrid')
    .describe('`hybrid` fuses the BM25 and vector rankings; `bm25` and `vector` use one retriever.'),
  /** Hybrid only; absent means the tenant's default, else RRF with k = 60. */
  fusion: fusionV1Schema
    .optional()
    .describe("Hybrid only; absent means the tenant's default, else RRF with k = 60."),
  filter: searchFilterV1Schema.optional(),
  /**
   * The end user's principals the caller acts for; each must be allowed by the API key.
   * Absent means the key's own principals. Documents with no ACL are visible to all.
   */
  principals: z
    .array(principal)
    .max(SEARCH_LIMITS.principalsMax)
    .optional()
    .describe(
      "The end user's principals the caller acts for; each must be allowed by the API key. " +
        "Absent means the key's own principals. Documents with no ACL are visible to all.",
    ),
  /** `nextCursor` of the previous page; the rest of the request must be unchanged. */
  cursor: z
    .string()
    .min(1)
    .max(SEARCH_LIMITS.cursorMaxLength)
    .optional()
    .describe('`nextCursor` of the previous page; the rest of the request must be unchanged.'),
  explain: z
    .boolean()
    .default(false)
    .describe("Adds `explain` to each hit: each retriever's rank and score, and the fusion arithmetic."),
});

export type SearchRequestV1 = z.input<typeof searchRequestV1Schema>;
export type ParsedSearchRequestV1 = z.output<typeof searchRequestV1Schema>;

const retrieverExplanationV1Schema = z
  .object({ rank: z.number().int(), score: z.number() })
  .describe("One retriever's view of a hit's best chunk: its 1-based rank and raw score.");

const pair = z.object({ bm25: z.number(), vector: z.number() });

export const hitExplanationV1Schema = z.object({
  /** The chunk whose scores decided the document's place. */
  chunk: z.number().int(),
  bm25: retrieverExplanationV1Schema.nullable(),
  vector: retrieverExplanationV1Schema.nullable(),
  fusion: z.discriminatedUnion('method', [
    z.object({ method: z.literal('single'), retriever: z.enum(['bm25', 'vector']) }),
    z.object({ method: z.literal('rrf'), k: z.number().int(), contributions: pair }),
    z.object({
      method: z.literal('linear'),
      normalization: z.enum(linearNormalizations),
      weights: pair,
      normalized: pair,
    }),
  ]),
  score: z.number(),
});

export const searchChunkV1Schema = z.object({
  chunk: z.number().int(),
  text: z.string(),
  score: z.number(),
  /** HTML-safe highlighted fragments of this chunk (BM25 matches in <em>). */
  highlights: z
    .array(z.string())
    .describe('HTML-safe highlighted fragments of this chunk (BM25 matches in <em>).'),
});

export const searchHitV1Schema = z.object({
  source: z.string(),
  docId: z.string(),
  title: z.string(),
  uri: z.string(),
  score: z.number(),
  /** HTML-safe: the document's text escaped, matched terms wrapped in <em>. */
  snippet: z.string().describe("HTML-safe: the document's text escaped, matched terms wrapped in <em>."),
  /** The document's best chunks, best first. */
  chunks: z.array(searchChunkV1Schema),
  explain: hitExplanationV1Schema.optional(),
});

const resolvedFusionSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('rrf'), k: z.number().int() }),
  z.object({ method: z.literal('linear'), normalization: z.enum(linearNormalizations), weights: pair }),
]);

export const searchResponseV1Schema = z.object({
  queryId: z.uuid().describe('Identifies this search in POST /v1/feedback.'),
  tookMs: z.number(),
  mode: z.enum(searchModes),
  /** Hybrid only: the fusion the ranking used. */
  fusion: resolvedFusionSchema.optional(),
  hits: z.array(searchHitV1Schema),
  /** Pass as `cursor` (with the same request) for the next page; absent on the last page. */
  nextCursor: z
    .string()
    .optional()
    .describe('Pass as `cursor` (with the same request) for the next page; absent on the last page.'),
});

export type RetrieverExplanationV1 = z.infer<typeof retrieverExplanationV1Schema>;
export type HitExplanationV1 = z.infer<typeof hitExplanationV1Schema>;
export type SearchChunkV1 = z.infer<typeof searchChunkV1Schema>;
export type SearchHitV1 = z.infer<typeof searchHitV1Schema>;
export type SearchResponseV1 = z.infer<typeof searchResponseV1Schema>;

/** A fusion with every parameter set: what a search actually ran with. */
export type ResolvedFusion = z.infer<typeof resolvedFusionSchema>;
