import { createHash } from 'node:crypto';

/** Bytes of a document's hash a cursor keeps: collisions at 2^-64 per pair. */
const SEEN_HASH_BYTES = 8;
const VERSION = '1';

/** A cursor that is malformed or belongs to another query, key or tenant. */
export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`the cursor is not valid for this request: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

export interface CursorState {
  /** Hash of everything that decides the ranking: a cursor only continues its own query. */
  fingerprint: string;
  /** Documents already returned, as short hashes: later pages exclude them. */
  seen: string[];
}

/** A stable short hash of the inputs that decide a query's ranking. */
export function queryFingerprint(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

export function documentHash(source: string, docId: string): string {
  return createHash('sha256')
    .update(`${source}\u0000${docId}`)
    .digest()
    .subarray(0, SEEN_HASH_BYTES)
    .toString('base64url');
}

/** `1.<fingerprint>.<seen hashes packed as bytes, base64url>`: opaque to callers. */
export function encodeCursor(state: CursorState): string {
  const packed = Buffer.concat(state.seen.map((hash) => Buffer.from(hash, 'base64url')));
  return `${VERSION}.${state.fingerprint}.${packed.toString('base64url')}`;
}

export function decodeCursor(cursor: string, fingerprint: string): CursorState {
  const [version, found, packed, ...rest] = cursor.split('.');
  if (version !== VERSION || found === undefined || packed === undefined || rest.length > 0)
    throw new InvalidCursorError('it is malformed; pass nextCursor exactly as it was returned');
  if (found !== fingerprint)
    throw new InvalidCursorError('it belongs to a different query, filter, fusion or API key');
  const bytes = Buffer.from(packed, 'base64url');
  if (bytes.length % SEEN_HASH_BYTES !== 0) throw new InvalidCursorError('it is truncated');
  const seen: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += SEEN_HASH_BYTES)
    seen.push(bytes.subarray(offset, offset + SEEN_HASH_BYTES).toString('base64url'));
  return { fingerprint, seen };
}
