import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_SCOPES, apiKeyScopeSchema, type ApiKeyScope } from '@tributary/contracts';

/** The pure half of API keys: their text format, secret hashing and input validation. */
export const API_KEY_PREFIX = 'trb';

// id: 12 lowercase hex chars; secret: 32 random bytes in base64url (43 chars, may hold "_").
const KEY_PATTERN = /^trb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[0-9a-f]{12}$/;
const TENANT_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_NAME = 64;
// Principals match the search request's: each 1-256 characters, 64 at most.
const MAX_PRINCIPALS = 64;
const MAX_PRINCIPAL_LENGTH = 256;
const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

export interface ApiKeyParts {
  id: string;
  secret: string;
}

export interface ApiKeyInput {
  name: string;
  tenant: string;
  scopes: readonly ApiKeyScope[];
  /** Absent (or empty): the key reads public documents only. */
  principals?: readonly string[];
  /** Absent: the gateway's default. */
  rateLimitPerMinute?: number;
}

/** Bad input for a new API key: callers map it to their own usage error. */
export class InvalidApiKeyInputError extends Error {}

export function generateApiKeyParts(): ApiKeyParts {
  return { id: randomBytes(6).toString('hex'), secret: randomBytes(32).toString('base64url') };
}

export function formatApiKey({ id, secret }: ApiKeyParts): string {
  return `${API_KEY_PREFIX}_${id}_${secret}`;
}

/** The id and secret of a presented key, or undefined when it is not shaped like one. */
export function parseApiKey(presented: string): ApiKeyParts | undefined {
  const match = KEY_PATTERN.exec(presented);
  if (!match?.[1] || !match[2]) return undefined;
  return { id: match[1], secret: match[2] };
}

export function isApiKeyId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** sha256 hex: the only form of a secret that is ever stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // A corrupt stored hash has another length; timingSafeEqual would throw on it.
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/**
 * The input with its name trimmed and its scopes and principals de-duplicated
 * (an empty principal list becomes absent), or an InvalidApiKeyInputError.
 */
export function validateApiKeyInput(input: {
  name: string;
  tenant: string;
  scopes: readonly string[];
  principals?: readonly string[];
  rateLimitPerMinute?: number;
}): ApiKeyInput {
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME)
    throw new InvalidApiKeyInputError(`API key name must be 1-${MAX_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new InvalidApiKeyInputError('API key name must not contain control characters');
  if (!TENANT_PATTERN.test(input.tenant))
    throw new InvalidApiKeyInputError(
      `API key tenant "${input.tenant}" must match [a-z0-9][a-z0-9._-]{0,63}`,
    );
  if (input.scopes.length === 0)
    throw new InvalidApiKeyInputError(`API key needs at least one scope: ${API_KEY_SCOPES.join(', ')}`);
  for (const scope of input.scopes)
    if (!apiKeyScopeSchema.safeParse(scope).success)
      throw new InvalidApiKeyInputError(
        `unknown API key scope "${scope}"; expected one of ${API_KEY_SCOPES.join(', ')}`,
      );
  const scopes = API_KEY_SCOPES.filter((scope) => input.scopes.includes(scope));
  const principals = validatePrincipals(input.principals ?? []);
  const { rateLimitPerMinute } = input;
  if (rateLimitPerMinute !== undefined) validateRateLimit(rateLimitPerMinute);
  return {
    name,
    tenant: input.tenant,
    scopes,
    ...(principals.length > 0 && { principals }),
    ...(rateLimitPerMinute !== undefined && { rateLimitPerMinute }),
  };
}

function validatePrincipals(principals: readonly string[]): string[] {
  if (principals.some(({ length }) => length === 0 || length > MAX_PRINCIPAL_LENGTH))
    throw new InvalidApiKeyInputError(`API key principals must be 1-${MAX_PRINCIPAL_LENGTH} characters each`);
  const distinct = [...new Set(principals)];
  if (distinct.length > MAX_PRINCIPALS)
    throw new InvalidApiKeyInputError(
      `API key may list at most ${MAX_PRINCIPALS} principals, not ${distinct.length}`,
    );
  return distinct;
}

function validateRateLimit(perMinute: number): void {
  if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > MAX_RATE_LIMIT_PER_MINUTE)
    throw new InvalidApiKeyInputError(
      `API key rate limit must be a whole number of requests per minute, 1-${MAX_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}, not ${perMinute}`,
    );
}
