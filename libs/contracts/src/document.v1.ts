import { z } from 'zod';

/** Chunks listed per document; a document with more is reported with `chunksTruncated`. */
export const DOCUMENT_CHUNKS_MAX = 10_000;

/** `GET /v1/documents/:source/:docId`: an indexed document as the caller may see it. */
export const documentV1Schema = z.object({
  source: z.string(),
  docId: z.string(),
  title: z.string(),
  uri: z.string(),
  version: z.number().int(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Principals allowed to read; absent means public. */
  acl: z.array(z.string()).optional().describe('Principals allowed to read; absent means public.'),
  model: z.string(),
  indexedAt: z.string(),
  chunks: z.array(z.object({ chunk: z.number().int(), text: z.string() })),
  /** True when the document has more than DOCUMENT_CHUNKS_MAX chunks and only the first are listed. */
  chunksTruncated: z
    .boolean()
    .optional()
    .describe(
      `True when the document has more than ${DOCUMENT_CHUNKS_MAX} chunks and only the first are listed.`,
    ),
});

export type DocumentV1 = z.infer<typeof documentV1Schema>;
