import { CHUNKER_ID, chunkText, type ChunkerSettings } from '@tributary/chunking';
import { DEFAULT_TENANT, type DocumentUpsertV1 } from '@tributary/contracts';
import { metadataDatesOf, type ChunkDocument } from '@tributary/search-data-access';

/** A chunk before it has a vector (and so a model), with the exact text its vector is computed from. */
export type UnembeddedChunk = Omit<ChunkDocument, 'embedding' | 'model'> & { embeddingInput: string };

/** What a chunk's vector is computed from: the title gives every chunk the document's context. */
export const embeddingInputOf = (title: string, text: string): string => `${title}\n\n${text}`;

/** True when a stored chunk's vector can be reused: the same model embedded the same input. */
export const isReusable = (
  stored: { title: string; text: string; model: string },
  model: string,
  input: string,
) => stored.model === model && embeddingInputOf(stored.title, stored.text) === input;

/** Cuts an upsert's body into chunks carrying everything the index stores but the vector. */
export function buildChunks(
  change: DocumentUpsertV1,
  chunker: ChunkerSettings,
  indexedAt: string,
): UnembeddedChunk[] {
  const body = chunkText(change.body, chunker);
  // A document with a title and no body is still findable by its title.
  const pieces = body.length > 0 || !change.title.trim() ? body : [{ chunk: 0, text: change.title.trim() }];
  const chunkerId = `${CHUNKER_ID};max=${chunker.maxTokens};overlap=${chunker.overlapTokens}`;
  const metadataDates = metadataDatesOf(change.metadata);
  return pieces.map((piece) => ({
    source: change.source,
    tenant: change.tenant ?? DEFAULT_TENANT,
    docId: change.docId,
    chunk: piece.chunk,
    title: change.title,
    text: piece.text,
    uri: change.uri,
    metadata: change.metadata,
    ...(metadataDates ? { metadataDates } : {}),
    ...(change.acl ? { acl: change.acl } : {}),
    version: change.version,
    chunker: chunkerId,
    indexedAt,
    embeddingInput: embeddingInputOf(change.title, piece.text),
  }));
}
