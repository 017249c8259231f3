import type { SearchHitV1 } from '@tributary/contracts';
import type { RankedChunk } from './chunk-ranking';
import { documentHash } from './search-cursor';

const SNIPPET_LENGTH = 240;

export interface DocumentGroup {
  hash: string;
  hit: SearchHitV1;
}

/**
 * One hit per document, in the order of its best chunk, skipping documents an
 * earlier page returned; each hit holds up to `chunksPerHit` of its best chunks.
 */
export function groupByDocument(
  chunks: readonly RankedChunk[],
  seen: ReadonlySet<string>,
  chunksPerHit: number,
  explain: boolean,
): DocumentGroup[] {
  const groups = new Map<string, DocumentGroup>();
  for (const chunk of chunks) {
    const key = `${chunk.source}\u0000${chunk.docId}`;
    const group = groups.get(key);
    const part = { chunk: chunk.chunk, text: chunk.text, score: chunk.fused, highlights: chunk.highlights };
    if (group) {
      if (group.hit.chunks.length < chunksPerHit) group.hit.chunks.push(part);
      continue;
    }
    const hash = documentHash(chunk.source, chunk.docId);
    if (seen.has(hash)) continue;
    groups.set(key, {
      hash,
      hit: {
        source: chunk.source,
        docId: chunk.docId,
        title: chunk.title,
        uri: chunk.uri,
        score: chunk.fused,
        snippet: '',
        chunks: [part],
        ...(explain ? { explain: chunk.explain } : {}),
      },
    });
  }
  for (const { hit } of groups.values()) hit.snippet = snippetOf(hit);
  return [...groups.values()];
}

/** The first highlighted fragment of the hit's best chunks, else the start of its best chunk. */
function snippetOf(hit: SearchHitV1): string {
  for (const chunk of hit.chunks) if (chunk.highlights[0]) return chunk.highlights[0];
  return escapeHtml(truncate(hit.chunks[0]?.text ?? '', SNIPPET_LENGTH));
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length).replace(/\s+\S*$/, '')}…`;
}

/** Snippets are HTML-safe: document text is escaped and only <em> marks matches. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
