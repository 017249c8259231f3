import type { Client } from '@elastic/elasticsearch';

export interface Freshness {
  windowSeconds: number;
  /** Document states written in the window that carry a freshness measurement. */
  samples: number;
  /** From the change's occurredAt to its write in Elasticsearch; null without samples. */
  p50Seconds: number | null;
  p99Seconds: number | null;
}

/** The longest window: percentiles over more than a day say nothing about how fresh the index is now. */
export const MAX_FRESHNESS_WINDOW_MS = 24 * 3600 * 1000;

/**
 * How fresh recent writes were: percentiles of the document states'
 * `freshnessMs` (write time − the event's occurredAt) over the states written
 * (`updatedAt`) in the last window. States without the field (written before
 * it existed) are left out. Elasticsearch's percentiles are TDigest
 * estimates: exact for few samples, within a fraction of a percent beyond.
 */
export class FreshnessReader {
  constructor(
    private readonly client: Client,
    private readonly documentStateIndex: string,
  ) {}

  async read(windowMs: number, now: Date = new Date()): Promise<Freshness> {
    if (!Number.isInteger(windowMs) || windowMs < 1000 || windowMs > MAX_FRESHNESS_WINDOW_MS)
      throw new RangeError(
        `the freshness window must be a whole number of ms from 1000 to ${MAX_FRESHNESS_WINDOW_MS}, not ${windowMs}`,
      );
    const windowSeconds = windowMs / 1000;
    const response = await this.client.search(
      {
        index: this.documentStateIndex,
        size: 0,
        track_total_hits: true,
        query: {
          bool: {
            filter: [
              { range: { updatedAt: { gte: new Date(now.getTime() - windowMs).toISOString() } } },
              { exists: { field: 'freshnessMs' } },
            ],
          },
        },
        aggs: { freshness: { percentiles: { field: 'freshnessMs', percents: [50, 99] } } },
      },
      { ignore: [404] },
    );
    const total = response.hits?.total;
    const samples = typeof total === 'number' ? total : (total?.value ?? 0);
    if (samples === 0) return { windowSeconds, samples, p50Seconds: null, p99Seconds: null };
    const values = (response.aggregations?.['freshness'] as { values?: Record<string, number | null> })
      ?.values;
    return {
      windowSeconds,
      samples,
      p50Seconds: seconds(values?.['50.0']),
      p99Seconds: seconds(values?.['99.0']),
    };
  }
}

const seconds = (ms: number | null | undefined): number | null =>
  typeof ms === 'number' && Number.isFinite(ms) ? Math.round(ms) / 1000 : null;
