import { z } from 'zod';

/** What an API key may do. A key carries one or more scopes and exactly one tenant. */
export const API_KEY_SCOPES = ['search', 'ingest', 'admin'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** An API key as stored and listed: never the secret, only its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  tenant: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  revokedAt?: string;
}
