import { TEST_INDEX_ENV } from '@tributary/testing';
import type { Client, estypes } from '@elastic/elasticsearch';

/**
 * The index as convergence checks see it: for each document of a source, the
 * one version all its chunks carry. A document whose chunks disagree on the
 * version (an orphan of an older version) fails the check outright.
 */
export async function indexedVersions(es: Client, source: string): Promise<Map<string, number>> {
  await es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
  const response = await es.search({
    index: TEST_INDEX_ENV.CHUNKS_ALIAS,
    size: 0,
    query: { term: { source } },
    aggs: {
      docs: {
        terms: { field: 'docId', size: 10_000 },
        aggs: { low: { min: { field: 'version' } }, high: { max: { field: 'version' } } },
      },
    },
  });
  type Bucket = { key: string; low: { value: number }; high: { value: number } };
  const buckets = (response.aggregations?.['docs'] as estypes.AggregationsStringTermsAggregate)
    .buckets as unknown as Bucket[];
  const versions = new Map<string, number>();
  for (const bucket of buckets) {
    if (bucket.low.value !== bucket.high.value)
      throw new Error(
        `${source}/${bucket.key} has chunks of versions ${bucket.low.value} and ${bucket.high.value}`,
      );
    versions.set(bucket.key, bucket.high.value);
  }
  return versions;
}

/** Every chunk of a source as stored (id, version, text, indexedAt), sorted: for "nothing changed" checks. */
export async function chunkSnapshot(es: Client, source: string): Promise<unknown[]> {
  await es.indices.refresh({ index: TEST_INDEX_ENV.CHUNKS_ALIAS });
  const response = await es.search<Record<string, unknown>>({
    index: TEST_INDEX_ENV.CHUNKS_ALIAS,
    size: 10_000,
    query: { term: { source } },
    _source: ['docId', 'chunk', 'version', 'text', 'indexedAt'],
    sort: [{ docId: 'asc' }, { chunk: 'asc' }],
  });
  return response.hits.hits.map((hit) => ({ id: hit._id, ...hit._source }));
}

/** Sorted [docId, version] pairs: what exact convergence compares. */
export const asPairs = (versions: ReadonlyMap<string, number>) =>
  [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
