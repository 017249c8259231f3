import type { Client } from '@elastic/elasticsearch';
import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import type { DocumentChangeProducer } from '@tributary/kafka';
import { eventually } from '@tributary/testing';
import { markdownOf, type CorpusDocument } from '../ingest/corpus';

/** Documents of a source searchable now in an alias: every document has exactly one chunk 0. */
export async function searchableIn(es: Client, alias: string, source: string): Promise<number> {
  const response = await es.count({
    index: alias,
    query: { bool: { filter: [{ term: { source } }, { term: { chunk: 0 } }] } },
  });
  return response.count;
}

/**
 * Publishes every document as an upsert of a new source to the (idle, ready)
 * embedders' topic and times from the first send until all are searchable.
 * Returns documents per second.
 */
export async function timeIngest(
  es: Client,
  producer: DocumentChangeProducer,
  options: { alias: string; source: string; documents: readonly CorpusDocument[] },
): Promise<number> {
  const { alias, source, documents } = options;
  const changes: DocumentChangeV1[] = documents.map((doc) => ({
    schema: DOCUMENT_CHANGE_V1,
    source,
    docId: doc.id,
    op: 'upsert',
    version: 1,
    occurredAt: new Date().toISOString(),
    title: doc.title,
    body: markdownOf(doc),
    uri: `bench:///${doc.id}`,
    metadata: {},
  }));
  const started = performance.now();
  // Sends of 250, as a connector pass batches them; the key spreads them over every partition.
  for (let i = 0; i < changes.length; i += 250) await producer.publish(changes.slice(i, i + 250));
  await eventually(
    async () => {
      const searchable = await searchableIn(es, alias, source);
      if (searchable < documents.length) throw new Error(`${searchable} of ${documents.length} searchable`);
    },
    { timeoutMs: 900_000, intervalMs: 100 },
  );
  return documents.length / ((performance.now() - started) / 1000);
}
