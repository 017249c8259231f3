import { z } from 'zod';

export const DOCUMENT_CHANGE_V1 = 'document-change/v1';

/** Limits enforced at both ends of the topic (documented in ARCHITECTURE.md). */
export const DOCUMENT_CHANGE_LIMITS = {
  sourceMaxLength: 128,
  docIdMaxLength: 1024,
  titleMaxLength: 1024,
  uriMaxLength: 4096,
  bodyMaxBytes: 4 * 1024 * 1024,
  metadataMaxKeys: 64,
  aclMaxPrincipals: 256,
} as const;

const identifier = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\s:][^\n\r]*$/, 'must not start with whitespace or ":" nor contain line breaks');

/** Letters, digits, "_" and "-": no dots, so a key is never a path into an object. */
export const metadataKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/, 'metadata keys are letters, digits, "_" and "-" (no dots)');

/** Who owns a document; API keys act for exactly one. */
export const tenantSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'tenants are 1-64 lowercase letters, digits, ".", "_" or "-"');

export const DEFAULT_TENANT = 'default';

const metadataValue = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);

const common = {
  schema: z.literal(DOCUMENT_CHANGE_V1),
  source: identifier(DOCUMENT_CHANGE_LIMITS.sourceMaxLength).regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'lowercase letters, digits, ".", "_" and "-" only',
  ),
  docId: identifier(DOCUMENT_CHANGE_LIMITS.docIdMaxLength),
  /** Absent means the default tenant; a source belongs to one tenant. */
  tenant: tenantSchema.optional(),
  /** Monotonic per document, from the source (mtime in ms, row version, sequence). */
  version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  occurredAt: z.iso.datetime({ offset: true }),
};

export const documentUpsertV1Schema = z.strictObject({
  ...common,
  op: z.literal('upsert'),
  title: z.string().max(DOCUMENT_CHANGE_LIMITS.titleMaxLength),
  body: z.string().refine((body) => Buffer.byteLength(body, 'utf8') <= DOCUMENT_CHANGE_LIMITS.bodyMaxBytes, {
    message: `body exceeds ${DOCUMENT_CHANGE_LIMITS.bodyMaxBytes} bytes`,
  }),
  uri: z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.uriMaxLength),
  /** Flat map; dates travel as ISO-8601 strings. */
  metadata: z
    .record(metadataKeySchema, metadataValue)
    .refine((m) => Object.keys(m).length <= DOCUMENT_CHANGE_LIMITS.metadataMaxKeys, {
      message: `metadata has more than ${DOCUMENT_CHANGE_LIMITS.metadataMaxKeys} keys`,
    })
    .default({}),
  /** Principals allowed to read; absent means public. */
  acl: z.array(z.string().min(1).max(256)).max(DOCUMENT_CHANGE_LIMITS.aclMaxPrincipals).optional(),
});

export const documentDeleteV1Schema = z.strictObject({
  ...common,
  op: z.literal('delete'),
});

export const documentChangeV1Schema = z.discriminatedUnion('op', [
  documentUpsertV1Schema,
  documentDeleteV1Schema,
]);

export type DocumentUpsertV1 = z.infer<typeof documentUpsertV1Schema>;
export type DocumentDeleteV1 = z.infer<typeof documentDeleteV1Schema>;
export type DocumentChangeV1 = z.infer<typeof documentChangeV1Schema>;

/** The Kafka message key: one document's changes stay ordered on one partition. */
export function documentKey(change: Pick<DocumentChangeV1, 'source' | 'docId'>): string {
  return `${change.source}:${change.docId}`;
}
