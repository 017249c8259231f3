import { CHUNKER_ID, chunkText, type ChunkerSettings } from '@tributary/chunking';
import { DEFAULT_TENANT, type DocumentUpsertV1 } from '@tributary/contracts';
import { metadataDatesOf, type ChunkDocument } from '@tributary/search-data-access';

/** A chunk before it has a vector (and so a model), with the exact text its vector is computed from. */
export type UnembeddedChunk = Omit<ChunkDocument, 'embedding' | 'model'> & { embeddingInput: string };

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
    // The title gives every chunk's vector the document's context.
    embeddingInput: `${change.title}\n\n${piece.text}`,
  }));
}
