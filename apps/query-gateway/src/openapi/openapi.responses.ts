import { schemaRef, type JsonSchema } from './openapi.schemas';

/** A response that carries a JSON body described by one schema. */
export const jsonResponse = (description: string, schema: JsonSchema, mediaType = 'application/json') => ({
  description,
  content: { [mediaType]: { schema } },
});

const problem = (description: string, headers?: Record<string, unknown>) => ({
  ...jsonResponse(description, { $ref: schemaRef('Problem') }, 'application/problem+json'),
  ...(headers && { headers }),
});

/** `components.responses`: every error the gateway answers, as problem+json. */
export const problemResponses = {
  InvalidRequest: problem(
    'The body is not JSON, or breaks the contract (unknown fields included): `errors` lists every violation.',
  ),
  Unauthorized: problem('No API key, or one that is unknown, malformed or revoked.', {
    'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string', const: 'Bearer' } },
  }),
  Forbidden: problem("The API key lacks the operation's scope."),
  NotFound: problem('Nothing here that this API key may see.'),
  PayloadTooLarge: problem('The body exceeds the size limit.'),
  TooManyRequests: problem("The API key's rate limit is spent for now.", {
    'Retry-After': {
      description: 'Seconds to wait before the next request.',
      schema: { type: 'integer', minimum: 0 },
    },
  }),
  InternalError: problem('The request could not be completed; the error is in the gateway log.'),
  Unavailable: problem('A dependency did not answer; retry later.'),
} as const;

export type ProblemResponse = keyof typeof problemResponses;

/** `{ "404": { $ref: ... } }` for each named problem response. */
export function problemRefs(statuses: Partial<Record<number, ProblemResponse>>) {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, name]) => [status, { $ref: `#/components/responses/${name}` }]),
  );
}
