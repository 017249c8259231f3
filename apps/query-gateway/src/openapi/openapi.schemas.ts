import { z } from 'zod';
import {
  DOCUMENT_CHANGE_LIMITS,
  documentV1Schema,
  feedbackRequestV1Schema,
  feedbackResponseV1Schema,
  fusionV1Schema,
  hitExplanationV1Schema,
  ingestRequestV1Schema,
  ingestResponseV1Schema,
  metadataConditionV1Schema,
  metadataRangeV1Schema,
  searchFilterV1Schema,
  searchHitV1Schema,
  searchRequestV1Schema,
  searchResponseV1Schema,
} from '@tributary/contracts';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Where a component lives in the OpenAPI document; every schema `$ref` points there. */
export const schemaRef = (id: string) => `#/components/schemas/${id}`;

/** The contracts the gateway validates with, by the component name the document gives them. */
const contracts: Record<string, z.ZodType> = {
  SearchRequestV1: searchRequestV1Schema,
  FusionV1: fusionV1Schema,
  SearchFilterV1: searchFilterV1Schema,
  MetadataConditionV1: metadataConditionV1Schema,
  MetadataRangeV1: metadataRangeV1Schema,
  SearchResponseV1: searchResponseV1Schema,
  SearchHitV1: searchHitV1Schema,
  HitExplanationV1: hitExplanationV1Schema,
  DocumentV1: documentV1Schema,
  FeedbackRequestV1: feedbackRequestV1Schema,
  FeedbackResponseV1: feedbackResponseV1Schema,
  IngestRequestV1: ingestRequestV1Schema,
  IngestResponseV1: ingestResponseV1Schema,
};

/** What zod cannot say in JSON Schema (refinements), said in words on the component. */
const notes: Record<string, string> = {
  SearchRequestV1: '`query` is trimmed before the length check.',
  FusionV1: 'Linear fusion: at least one weight must be positive.',
  MetadataRangeV1: 'At least one bound; all bounds numbers, or all ISO-8601 dates.',
  SearchFilterV1:
    'Applied inside both retrievers (the kNN filter, not a post-filter), so a page stays full. ' +
    'Conditions are ANDed.',
  IngestRequestV1:
    `An upsert's \`body\` is at most ${DOCUMENT_CHANGE_LIMITS.bodyMaxBytes / 1024 / 1024} MiB of UTF-8; ` +
    `its \`metadata\` has at most ${DOCUMENT_CHANGE_LIMITS.metadataMaxKeys} keys.`,
};

/** RFC 9457 problem details: the body of every error response. */
const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, sent as `application/problem+json`.',
  properties: {
    type: { type: 'string', format: 'uri', description: 'Identifies the kind of problem.' },
    title: { type: 'string', description: 'The HTTP reason phrase or a short summary.' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong and what to fix.' },
    instance: { type: 'string', description: 'The request path.' },
    errors: {
      type: 'array',
      items: { type: 'string' },
      description: 'On 400: every violation, as `path: message`.',
    },
  },
  required: ['type', 'title', 'status', 'detail', 'instance'],
};

const readinessSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['up', 'down'] }, error: { type: 'string' } },
        required: ['status'],
      },
    },
  },
  required: ['status', 'checks'],
};

/**
 * `components.schemas`: the contracts converted by zod, plus the problem and readiness bodies.
 * io 'input' describes what a client sends (defaulted fields optional) and leaves response
 * objects open, so a field added later does not break a strict client.
 */
export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(contracts)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', target: 'draft-2020-12', uri: schemaRef });
  const converted = Object.entries(schemas).map(([id, schema]) => {
    // The document's dialect is already 2020-12, and a fragment-only `$id` is not allowed there.
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    const note = notes[id];
    if (!note) return [id, rest] as const;
    const description = rest.description ? `${rest.description} ${note}` : note;
    return [id, { ...rest, description }] as const;
  });
  return { ...Object.fromEntries(converted), Problem: problemSchema, Readiness: readinessSchema };
}
