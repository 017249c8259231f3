import { z } from 'zod';

/** What an API key may do. A key carries one or more scopes and exactly one tenant; admin implies all. */
export const API_KEY_SCOPES = ['search', 'ingest', 'admin'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** An API key as stored and listed: never the secret, only its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  tenant: string;
  scopes: ApiKeyScope[];
  /**
   * Principals the key may act for when reading ACL'd documents; "*" means any
   * (a trusted backend passing its end user's principals). Absent: public documents only.
   */
  principals?: string[];
  /** Requests per minute; absent means the gateway's default. */
  rateLimitPerMinute?: number;
  createdAt: string;
  revokedAt?: string;
}

/** The principal an API key lists to act for anyone. */
export const ANY_PRINCIPAL = '*';
