import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { IngestResponseV1, SearchMode } from '@tributary/contracts';
import { METRICS_REGISTRY } from '@tributary/observability';

/** The route label of a request no route handler saw: a 404, or a body the parser refused. */
export const UNMATCHED_ROUTE = 'unmatched';

// 1 ms to 5 s: a BM25 query on a warm index is a few ms, an embedding call over HTTP may take seconds.
const SEARCH_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// An ingest request waits for Kafka's acknowledgement, which may take longer than any search.
const REQUEST_SECONDS_BUCKETS = [...SEARCH_SECONDS_BUCKETS, 10, 30];
// Hits per response: 0 to topK's maximum of 100.
const HITS_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100];

export interface ObservedRequest {
  /** The matched route's path (`/v1/search`), never the raw URL, so the label set stays small. */
  route: string;
  method: string;
  status: number;
  seconds: number;
}

/** The gateway's own Prometheus series, registered on the app's registry. */
@Injectable()
export class GatewayMetrics {
  private readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  private readonly searchDuration: Histogram<'mode'>;
  private readonly searchHits: Histogram<'mode'>;
  private readonly errors: Counter<'route' | 'status'>;
  private readonly rateLimitRefusals: Counter;
  private readonly ingestEvents: Counter<'op'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.requestDuration = new Histogram({
      name: 'tributary_gateway_request_duration_seconds',
      help: 'HTTP requests by matched route, method and status, from arrival to the last byte sent.',
      labelNames: ['route', 'method', 'status'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.searchDuration = new Histogram({
      name: 'tributary_gateway_search_duration_seconds',
      help: 'Time the search service took per answered search, by mode.',
      labelNames: ['mode'],
      buckets: SEARCH_SECONDS_BUCKETS,
      registers,
    });
    this.searchHits = new Histogram({
      name: 'tributary_gateway_search_hits',
      help: 'Hits (documents) per answered search, by mode.',
      labelNames: ['mode'],
      buckets: HITS_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'tributary_gateway_errors_total',
      help: 'Responses with status 400 or above, by matched route and status.',
      labelNames: ['route', 'status'],
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'tributary_gateway_rate_limited_total',
      help: 'Requests refused with 429 because their API key was over its rate limit.',
      registers,
    });
    this.ingestEvents = new Counter({
      name: 'tributary_gateway_ingest_events_total',
      help: 'Changes pushed through POST /v1/ingest that Kafka acknowledged, by op (upsert, delete).',
      labelNames: ['op'],
      registers,
    });
    for (const op of ['upsert', 'delete'] as const) this.ingestEvents.inc({ op }, 0);
  }

  observeRequest({ route, method, status, seconds }: ObservedRequest): void {
    this.requestDuration.observe({ route, method, status: String(status) }, seconds);
    if (status >= 400) this.errors.inc({ route, status: String(status) });
  }

  observeSearch(mode: SearchMode, seconds: number, hits: number): void {
    this.searchDuration.observe({ mode }, seconds);
    this.searchHits.observe({ mode }, hits);
  }

  rateLimited(): void {
    this.rateLimitRefusals.inc();
  }

  /** Counts the changes of an acknowledged push; a refused or failed push counts nothing here. */
  ingested(accepted: IngestResponseV1['accepted']): void {
    for (const { op } of accepted) this.ingestEvents.inc({ op });
  }
}
