import type { Client } from '@elastic/elasticsearch';
import { chunkText, type ChunkerSettings } from '@tributary/chunking';
import type { EmbeddingProvider } from '@tributary/embeddings';
import { bulkWrite, chunkId, chunkIndexBody } from '@tributary/search-data-access';
import { markdownOf, type CorpusDocument } from './corpus';

// Documents per bulk request; bench:ingest runs its embedder with the same BATCH_SIZE.
export const BULK_DOCUMENTS = 250;

/**
 * Elasticsearch alone: the same chunks and vectors the embedder would write,
 * prepared beforehand, bulk-indexed into a fresh index with the production
 * mapping, timed until searchable (refresh). Returns documents per second.
 */
export async function rawBulkRate(
  es: Client,
  documents: readonly CorpusDocument[],
  embeddings: EmbeddingProvider,
  chunker: ChunkerSettings,
  index: string,
): Promise<{ docsPerSecond: number; chunks: number }> {
  const prepared = await Promise.all(
    documents.map(async (doc) => {
      const pieces = chunkText(markdownOf(doc), chunker);
      const vectors = await embeddings.embedDocuments(pieces.map((p) => `${doc.title}\n\n${p.text}`));
      return pieces.map((piece, i) => ({
        id: chunkId('bench-raw', `${doc.id}.md`, piece.chunk),
        body: {
          source: 'bench-raw',
          docId: `${doc.id}.md`,
          chunk: piece.chunk,
          title: doc.title,
          text: piece.text,
          uri: `file:///${doc.id}.md`,
          metadata: {},
          version: 1,
          embedding: vectors[i],
          model: embeddings.modelId,
          chunker: 'bench',
          indexedAt: new Date().toISOString(),
        },
      }));
    }),
  );
  await es.indices.create({ ...chunkIndexBody(embeddings.modelId, embeddings.dimensions), index });
  try {
    const started = performance.now();
    for (let i = 0; i < prepared.length; i += BULK_DOCUMENTS) {
      const operations = prepared
        .slice(i, i + BULK_DOCUMENTS)
        .flat()
        .flatMap(({ id, body }) => [{ index: { _index: index, _id: id } }, body]);
      await bulkWrite(es, operations);
    }
    await es.indices.refresh({ index });
    const seconds = (performance.now() - started) / 1000;
    return { docsPerSecond: documents.length / seconds, chunks: prepared.flat().length };
  } finally {
    await es.indices.delete({ index, ignore_unavailable: true });
  }
}
