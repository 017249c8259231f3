import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CHUNKER_ID, chunkText, type ChunkerSettings } from '@tributary/chunking';
import type { CorpusDocument } from '../ingest/corpus';

/** Every bench source starts with this, so the load can be counted and removed without touching real sources. */
export const BENCH_SOURCE_PREFIX = 'bench-scifact-';

/** One corpus document as one copy of the bench writes it: a chunk's fields but the vector. */
export interface BenchDocument {
  source: string;
  docId: string;
  title: string;
  uri: string;
  chunks: Array<{ chunk: number; text: string }>;
}

/** The texts of a BEIR queries.jsonl ({_id, text} per line), in file order. */
export async function readQueries(path: string): Promise<string[]> {
  const queries: string[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    if (text.trim()) queries.push(text);
  }
  return queries;
}

/**
 * The corpus repeated as sources bench-scifact-0, -1, … (docIds `<id>-<copy>.md`) until `target` chunks:
 * deterministic (same corpus, chunker and target give the same documents and
 * chunk ids), so a rerun rewrites the same chunks instead of adding more.
 */
export function benchDocuments(
  corpus: readonly CorpusDocument[],
  chunker: ChunkerSettings,
  target: number,
): BenchDocument[] {
  if (corpus.length === 0) throw new Error('the corpus is empty');
  const pieces = corpus.map((doc) => {
    const body = chunkText(doc.text, chunker);
    // As the embedder does: a document with a title and no body is still findable by its title.
    return body.length > 0 ? body : [{ chunk: 0, text: doc.title }];
  });
  const documents: BenchDocument[] = [];
  let chunks = 0;
  for (let copy = 0; chunks < target; copy++) {
    for (const [i, doc] of corpus.entries()) {
      if (chunks >= target) break;
      const source = `${BENCH_SOURCE_PREFIX}${copy}`;
      const docChunks = pieces[i] ?? [];
      const docId = `${doc.id}-${copy}.md`;
      documents.push({
        source,
        docId,
        title: doc.title,
        uri: `bench://${source}/${docId}`,
        chunks: docChunks.map(({ chunk, text }) => ({ chunk, text })),
      });
      chunks += docChunks.length;
    }
  }
  return documents;
}

/** The chunker id the embedder records, so bench chunks look like its own. */
export const chunkerId = (chunker: ChunkerSettings) =>
  `${CHUNKER_ID};max=${chunker.maxTokens};overlap=${chunker.overlapTokens}`;
