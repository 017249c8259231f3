import {
  DOCUMENT_CHUNKS_MAX,
  INGEST_MAX_CHANGES,
  SEARCH_FILTER_LIMITS,
  SEARCH_LIMITS,
  type ApiKeyScope,
} from '@tributary/contracts';
import { componentSchemas, schemaRef, type JsonSchema } from './openapi.schemas';
import { jsonResponse, problemRefs, problemResponses } from './openapi.responses';

/** The OpenAPI document, built once when the module is registered. */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** Body limits are the gateway's settings, so the document states the ones it enforces. */
export interface OpenApiLimits {
  bodyLimitBytes: number;
  ingestBodyLimitBytes: number;
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

const ref = (id: string): JsonSchema => ({ $ref: schemaRef(id) });
const jsonBody = (id: string, examples?: Record<string, { summary: string; value: unknown }>) => ({
  required: true,
  content: { 'application/json': { schema: ref(id), ...(examples && { examples }) } },
});
function bytes(n: number): string {
  if (n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

interface V1Operation {
  operationId: string;
  summary: string;
  description: string;
  scope: ApiKeyScope;
  requestBody?: unknown;
  parameters?: unknown[];
  responses: Record<string, unknown>;
}

/** An authenticated /v1 operation: the bearer scheme, its scope (in words and as `x-required-scope`), the common errors. */
function v1({ scope, description, responses, requestBody, ...operation }: V1Operation) {
  return {
    ...operation,
    description: `${description}\n\nRequires an API key with the \`${scope}\` scope.`,
    'x-required-scope': scope,
    security: [{ apiKey: [] }],
    ...(requestBody !== undefined && { requestBody }),
    responses: {
      ...responses,
      ...problemRefs({ 400: 'InvalidRequest', 401: 'Unauthorized', 403: 'Forbidden' }),
      ...(requestBody !== undefined && problemRefs({ 413: 'PayloadTooLarge' })),
      ...problemRefs({ 429: 'TooManyRequests', 500: 'InternalError' }),
    },
  };
}

/** An unauthenticated operation (health, metrics, these docs). */
const open = (operationId: string, summary: string, responses: Record<string, unknown>) => ({
  get: { operationId, summary, security: [], responses },
});

const searchExamples = {
  hybrid: {
    summary: 'Hybrid search with a filter',
    value: {
      query: 'how does kafka keep messages in order',
      topK: 5,
      filter: { source: ['docs', 'wiki'], metadata: { lang: 'en', year: { gte: 2023 } } },
    },
  },
  nextPage: {
    summary: 'The next page: the same request with `cursor` set to the previous `nextCursor`',
    value: {
      query: 'how does kafka keep messages in order',
      topK: 5,
      cursor: '<nextCursor of the previous page>',
    },
  },
  explain: {
    summary: 'BM25 only, with score explanations',
    value: { query: 'invoice missing', mode: 'bm25', explain: true },
  },
};

export function buildOpenApiDocument(limits: OpenApiLimits) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tributary query gateway',
      version: 'v1',
      description:
        'Hybrid (BM25 + vector) search over documents kept fresh from their sources, and the push connector.\n\n' +
        'Every `/v1` route takes `Authorization: Bearer <api key>` (`npx tributary keys create`). ' +
        'Errors are RFC 9457 `application/problem+json`.',
    },
    paths: {
      '/v1/search': {
        post: v1({
          operationId: 'search',
          summary: 'Search documents',
          scope: 'search',
          description:
            `Ranks documents by their best chunks. \`query\` is 1–${SEARCH_LIMITS.queryMaxLength} characters; ` +
            `\`topK\` 1–${SEARCH_LIMITS.topKMax} hits a page; \`principals\` at most ${SEARCH_LIMITS.principalsMax}. ` +
            `Follow \`nextCursor\` (sent back as \`cursor\` with the request otherwise unchanged) for more pages, ` +
            `up to ${SEARCH_LIMITS.pageDepthMax} documents deep. A filter matches at most ` +
            `${SEARCH_FILTER_LIMITS.metadataFieldsMax} metadata fields, each with at most ` +
            `${SEARCH_FILTER_LIMITS.valuesMax} values. Body at most ${bytes(limits.bodyLimitBytes)}. ` +
            'A cursor from another request is a 400; a principal the key may not act for, a 403.',
          requestBody: jsonBody('SearchRequestV1', searchExamples),
          responses: { 200: jsonResponse('One page of hits, best first.', ref('SearchResponseV1')) },
        }),
      },
      '/v1/documents/{source}/{docId}': {
        get: v1({
          operationId: 'getDocument',
          summary: 'Read an indexed document',
          scope: 'search',
          description:
            'The document as indexed, with its chunks in order (at most ' +
            `${DOCUMENT_CHUNKS_MAX.toLocaleString('en')}; \`chunksTruncated\` says when there are more). ` +
            'Percent-encode `docId`: it may contain `/`.',
          parameters: [
            { name: 'source', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'docId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            200: jsonResponse('The document.', ref('DocumentV1')),
            ...problemRefs({ 404: 'NotFound' }),
          },
        }),
      },
      '/v1/feedback': {
        post: v1({
          operationId: 'sendFeedback',
          summary: 'Record what a user did with a hit',
          scope: 'search',
          description:
            'Links a click, a thumbs up or down, or a graded relevance (0–3) to the `queryId` of a search. ' +
            `A \`queryId\` the gateway does not know is a 404. Body at most ${bytes(limits.bodyLimitBytes)}.`,
          requestBody: jsonBody('FeedbackRequestV1'),
          responses: {
            202: jsonResponse('Stored durably.', ref('FeedbackResponseV1')),
            ...problemRefs({ 404: 'NotFound' }),
          },
        }),
      },
      '/v1/ingest': {
        post: v1({
          operationId: 'ingest',
          summary: 'Push upserts and deletes',
          scope: 'ingest',
          description:
            `1–${INGEST_MAX_CHANGES} changes a request, body at most ${bytes(limits.ingestBodyLimitBytes)}. ` +
            "A change without `version` gets the gateway's clock in microseconds. 202 only once Kafka " +
            'acknowledged every change; 503 otherwise (retry: a change with its own version is idempotent).',
          requestBody: jsonBody('IngestRequestV1'),
          responses: {
            202: jsonResponse('Every change published, with its version.', ref('IngestResponseV1')),
            ...problemRefs({ 503: 'Unavailable' }),
          },
        }),
      },
      '/healthz': open('alive', 'The process is alive', {
        200: jsonResponse('Alive.', {
          type: 'object',
          properties: { status: { const: 'alive' } },
          required: ['status'],
        }),
      }),
      '/readyz': open('ready', 'Elasticsearch and Redis answer', {
        200: jsonResponse('Ready.', ref('Readiness')),
        ...problemRefs({ 503: 'Unavailable' }),
      }),
      '/metrics': open('metrics', 'Prometheus metrics', {
        200: jsonResponse('Prometheus text exposition format.', { type: 'string' }, 'text/plain'),
      }),
      '/openapi.json': open('openApiDocument', 'This document', {
        200: jsonResponse('OpenAPI 3.1.', { type: 'object' }),
      }),
      '/docs': open('docs', 'This document, browsable (Swagger UI)', {
        200: jsonResponse('An HTML page.', { type: 'string' }, 'text/html'),
      }),
    },
    components: {
      schemas: componentSchemas(),
      responses: problemResponses,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'trb_<id>_<secret>',
          description: 'An API key from `npx tributary keys create`; its scopes decide what it may call.',
        },
      },
    },
  };
}
