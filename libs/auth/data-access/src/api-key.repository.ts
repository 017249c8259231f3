import { z } from 'zod';
import type { Redis } from 'ioredis';
import { apiKeyScopeSchema, type ApiKeyRecord } from '@tributary/contracts';
import {
  type ApiKeyInput,
  formatApiKey,
  generateApiKeyParts,
  hashSecret,
  isApiKeyId,
  parseApiKey,
  secretMatches,
  validateApiKeyInput,
} from './api-key.format';

/**
 * What one hash field holds: the record plus the secret's hash, never the secret.
 * Records written before principals and rate limits existed lack both and still parse.
 */
const storedApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  tenant: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  principals: z.array(z.string()).optional(),
  rateLimitPerMinute: z.number().int().positive().optional(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  secretHash: z.string(),
});
type StoredApiKey = z.infer<typeof storedApiKeySchema>;

// Atomic so a revoke never overwrites a concurrent one; the first revokedAt wins.
// cjson would re-encode an empty array as {}: create never stores one (no principals is absent).
const REVOKE_SCRIPT = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return 0 end
local record = cjson.decode(value)
if not record.revokedAt then
  record.revokedAt = ARGV[2]
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
end
return 1`;

const MAX_ID_ATTEMPTS = 5;

/** API keys in one Redis hash: id -> JSON of the record and its secret's sha256. */
export class ApiKeyRepository {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'tributary:api-keys',
  ) {}

  /** A new key: the returned `key` is the only time its secret exists outside the caller. */
  async create(input: ApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const { name, tenant, scopes, principals, rateLimitPerMinute } = validateApiKeyInput(input);
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const parts = generateApiKeyParts();
      const record: ApiKeyRecord = {
        id: parts.id,
        name,
        tenant,
        scopes: [...scopes],
        ...(principals && { principals: [...principals] }),
        ...(rateLimitPerMinute !== undefined && { rateLimitPerMinute }),
        createdAt: new Date().toISOString(),
      };
      const stored: StoredApiKey = { ...record, secretHash: hashSecret(parts.secret) };
      // HSETNX: a (vanishingly rare) id collision never overwrites another key.
      if ((await this.redis.hsetnx(this.key, parts.id, JSON.stringify(stored))) === 1)
        return { key: formatApiKey(parts), record };
    }
    throw new Error(`could not find a free API key id after ${MAX_ID_ATTEMPTS} attempts`);
  }

  /** The record of a live key whose secret matches; undefined for anything else. */
  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    const parts = parseApiKey(presented);
    if (!parts) return undefined;
    const stored = parseStored(await this.redis.hget(this.key, parts.id));
    if (!stored || stored.revokedAt !== undefined) return undefined;
    return secretMatches(parts.secret, stored.secretHash) ? toRecord(stored) : undefined;
  }

  /** Every key, revoked ones included, oldest first. */
  async list(): Promise<ApiKeyRecord[]> {
    const values = await this.redis.hvals(this.key);
    return values
      .map(parseStored)
      .filter((stored): stored is StoredApiKey => stored !== undefined)
      .map(toRecord)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Revokes a key (again is a no-op); false when there is no key with that id. */
  async revoke(id: string): Promise<boolean> {
    if (!isApiKeyId(id)) return false;
    const revoked = await this.redis.eval(REVOKE_SCRIPT, 1, this.key, id, new Date().toISOString());
    return revoked === 1;
  }
}

function parseStored(value: string | null): StoredApiKey | undefined {
  if (value === null) return undefined;
  try {
    const parsed = storedApiKeySchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toRecord({ secretHash: _secretHash, ...record }: StoredApiKey): ApiKeyRecord {
  return record;
}
