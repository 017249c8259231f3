import type { Client, estypes } from '@elastic/elasticsearch';

/** What one index holds of one document: its chunk count and newest version. */
export interface DocumentSummary {
  source: string;
  docId: string;
  chunks: number;
  version: number;
}

export interface IndexDifference {
  source: string;
  docId: string;
  from?: DocumentSummary;
  to?: DocumentSummary;
}

const PAGE = 2_000;

/** Every document of an index, sorted by (source, docId), one composite-aggregation page at a time. */
async function* summaries(client: Client, index: string): AsyncGenerator<DocumentSummary> {
  let after: Record<string, estypes.FieldValue> | undefined;
  for (;;) {
    const response = await client.search({
      index,
      size: 0,
      aggs: {
        docs: {
          composite: {
            size: PAGE,
            sources: [{ source: { terms: { field: 'source' } } }, { docId: { terms: { field: 'docId' } } }],
            ...(after ? { after } : {}),
          },
          aggs: { version: { max: { field: 'version' } } },
        },
      },
    });
    const docs = response.aggregations?.['docs'] as estypes.AggregationsCompositeAggregate | undefined;
    const buckets = (docs?.buckets ?? []) as (estypes.AggregationsCompositeBucket & {
      version: estypes.AggregationsMaxAggregate;
    })[];
    for (const bucket of buckets) {
      yield {
        source: String(bucket.key['source']),
        docId: String(bucket.key['docId']),
        chunks: bucket.doc_count,
        version: bucket.version.value ?? -1,
      };
    }
    if (buckets.length < PAGE || !docs?.after_key) return;
    after = docs.after_key;
  }
}

/** Elasticsearch orders keyword terms by their UTF-8 bytes, so compare the same way. */
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const order = (a: DocumentSummary, b: DocumentSummary) =>
  bytes(a.source, b.source) || bytes(a.docId, b.docId);

/**
 * The documents whose chunk count or version differ between two indices, by
 * walking both sorted document lists side by side: memory stays at one page
 * per index whatever the corpus size. Refreshes both first.
 */
export async function compareIndices(client: Client, from: string, to: string): Promise<IndexDifference[]> {
  await client.indices.refresh({ index: [from, to] });
  const left = summaries(client, from);
  const right = summaries(client, to);
  const differences: IndexDifference[] = [];
  let a = await left.next();
  let b = await right.next();
  while (!a.done || !b.done) {
    const cmp = a.done ? 1 : b.done ? -1 : order(a.value, b.value);
    if (cmp < 0 && !a.done) {
      differences.push({ source: a.value.source, docId: a.value.docId, from: a.value });
      a = await left.next();
    } else if (cmp > 0 && !b.done) {
      differences.push({ source: b.value.source, docId: b.value.docId, to: b.value });
      b = await right.next();
    } else if (!a.done && !b.done) {
      if (a.value.chunks !== b.value.chunks || a.value.version !== b.value.version)
        differences.push({ source: a.value.source, docId: a.value.docId, from: a.value, to: b.value });
      a = await left.next();
      b = await right.next();
    }
  }
  return differences;
}
