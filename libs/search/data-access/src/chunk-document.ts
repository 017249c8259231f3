import { createHash } from 'node:crypto';

/** One Elasticsearch document per chunk, as stored behind the chunks alias. */
export interface ChunkDocument {
  source: string;
  /** The tenant owning the source; chunks written before mapping 2 have none. */
  tenant: string;
  docId: string;
  chunk: number;
  title: string;
  text: string;
  uri: string;
  metadata: Record<string, string | number | boolean>;
  /** The metadata values that are ISO dates, indexed as dates (see metadataDatesOf). */
  metadataDates?: Record<string, string>;
  acl?: string[];
  version: number;
  embedding: number[];
  model: string;
  chunker: string;
  indexedAt: string;
}

/**
 * Deterministic chunk id: a replayed event rewrites the same documents. The
 * document key is hashed because docIds may exceed Elasticsearch's 512-byte id limit.
 */
export function chunkId(source: string, docId: string, chunk: number): string {
  return `${documentKeyHash(source, docId)}:${chunk}`;
}

export function documentKeyHash(source: string, docId: string): string {
  return createHash('sha256').update(`${source}\u0000${docId}`).digest('base64url');
}
