import { z } from 'zod';
import { documentDeleteV1Schema, documentUpsertV1Schema } from './document-change.v1';

/** Changes per push request; larger sets are split by the caller. */
export const INGEST_MAX_CHANGES = 100;

// A pushed change is a document-change/v1 without the envelope fields the
// gateway fills in: the schema tag, the time, the tenant (always the API key's,
// never the body's) and (when absent) the version.
const defaultedVersion = "Monotonic per document; absent means the gateway's clock in microseconds.";

const pushedUpsert = documentUpsertV1Schema
  .omit({ schema: true, occurredAt: true, tenant: true })
  .extend({ version: documentUpsertV1Schema.shape.version.optional().describe(defaultedVersion) });
const pushedDelete = documentDeleteV1Schema
  .omit({ schema: true, occurredAt: true, tenant: true })
  .extend({ version: documentDeleteV1Schema.shape.version.optional().describe(defaultedVersion) });

/** `POST /v1/ingest`: upserts and deletes pushed by another service. */
export const ingestRequestV1Schema = z.strictObject({
  changes: z
    .array(z.discriminatedUnion('op', [pushedUpsert, pushedDelete]))
    .min(1, 'changes must not be empty')
    .max(INGEST_MAX_CHANGES, `at most ${INGEST_MAX_CHANGES} changes per request`),
});

export type IngestRequestV1 = z.infer<typeof ingestRequestV1Schema>;
export type PushedChangeV1 = IngestRequestV1['changes'][number];

/** 202 once Kafka acknowledged every change: each with the version it was published at. */
export const ingestResponseV1Schema = z.object({
  accepted: z.array(
    z.object({
      source: z.string(),
      docId: z.string(),
      op: z.enum(['upsert', 'delete']),
      version: z.number().int(),
    }),
  ),
});
export type IngestResponseV1 = z.infer<typeof ingestResponseV1Schema>;
