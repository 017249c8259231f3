import { Gauge, type Registry } from 'prom-client';
import type { ConsumerGroupLagV1, OperationsOverviewV1 } from '@tributary/contracts';

/**
 * The console's gauges on /metrics. Alert rules elsewhere are written against
 * these exact names. Each is rewritten whole from a reading, so a group, queue
 * or connector that went away leaves no stale series behind.
 */
export class ConsoleMetrics {
  private readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  private readonly deadLetters: Gauge;
  private readonly jobs: Gauge<'queue' | 'state'>;
  private readonly connectorFailed: Gauge<'source' | 'kind'>;
  private lastOverviewAt = Number.NEGATIVE_INFINITY;

  constructor(registry: Registry) {
    this.lag = new Gauge({
      name: 'tributary_kafka_consumer_lag',
      help: 'Messages a consumer group has not committed yet, per topic partition',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
    });
    this.deadLetters = new Gauge({
      name: 'tributary_dead_letters_pending',
      help: 'Dead letters neither redriven nor discarded',
      registers: [registry],
    });
    this.jobs = new Gauge({
      name: 'tributary_bullmq_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
    });
    this.connectorFailed = new Gauge({
      name: 'tributary_connector_last_run_failed',
      help: "1 when the connector's last pass failed, else 0",
      labelNames: ['source', 'kind'],
      registers: [registry],
    });
  }

  recordLag(groups: readonly ConsumerGroupLagV1[]): void {
    this.lag.reset();
    for (const { group, topic, partitions } of groups)
      for (const { partition, lag } of partitions)
        this.lag.set({ group, topic, partition: String(partition) }, lag);
  }

  /** Sections that could not be read leave their gauges as they were: an outage is not "zero pending". */
  recordOverview(overview: OperationsOverviewV1, at = Date.now()): void {
    this.lastOverviewAt = at;
    if (overview.consumerGroups.ok) this.recordLag(overview.consumerGroups.value);
    if (overview.deadLetters.ok) this.deadLetters.set(overview.deadLetters.value.pending);
    if (overview.queues.ok) {
      this.jobs.reset();
      for (const { name, counts } of overview.queues.value)
        for (const [state, count] of Object.entries(counts)) this.jobs.set({ queue: name, state }, count);
    }
    if (overview.connectors.ok) {
      this.connectorFailed.reset();
      for (const { source, kind, lastRun } of overview.connectors.value)
        this.connectorFailed.set({ source, kind }, lastRun?.error ? 1 : 0);
    }
  }

  /** How long ago an overview last refreshed the gauges (Infinity: never). */
  overviewAgeMs(now = Date.now()): number {
    return now - this.lastOverviewAt;
  }
}
