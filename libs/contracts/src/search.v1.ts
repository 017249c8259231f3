import { z } from 'zod';

/** Limits of POST /v1/search (documented in ARCHITECTURE.md and enforced here). */
export const SEARCH_LIMITS = {
  queryMaxLength: 2048,
  topKMax: 100,
} as const;

export const searchModes = ['hybrid', 'bm25', 'vector'] as const;
export type SearchMode = (typeof searchModes)[number];

export const searchRequestV1Schema = z.strictObject({
  query: z.string().trim().min(1, 'query must not be empty').max(SEARCH_LIMITS.queryMaxLength),
  topK: z.number().int().min(1).max(SEARCH_LIMITS.topKMax).default(10),
  mode: z.enum(searchModes).default('hybrid'),
  filter: z
    .strictObject({
      source: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(64)]).optional(),
    })
    .optional(),
});

export type SearchRequestV1 = z.infer<typeof searchRequestV1Schema>;

export interface SearchChunkV1 {
  chunk: number;
  text: string;
  score: number;
}

export interface SearchHitV1 {
  source: string;
  docId: string;
  title: string;
  uri: string;
  score: number;
  /** HTML-safe: the document's text escaped, matched terms wrapped in <em>. */
  snippet: string;
  chunks: SearchChunkV1[];
}

export interface SearchResponseV1 {
  queryId: string;
  tookMs: number;
  hits: SearchHitV1[];
}
