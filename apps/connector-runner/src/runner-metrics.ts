import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ChangePublisher, RunSummary } from '@tributary/connectors';

/** How a pass ended: published everything, held deletions back (mass-delete guard), or failed. */
export type PassOutcome = 'succeeded' | 'deletes-refused' | 'failed';

// A small folder takes milliseconds; a 1,000-page crawl can take an hour.
const PASS_SECONDS_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
// One acknowledged batch (acks=-1, up to 500 changes or 2 MiB gzipped).
const PUBLISH_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const passOutcomeOf = (outcome: RunSummary | Error): PassOutcome => {
  if (outcome instanceof Error) return 'failed';
  return outcome.refusedDeletes ? 'deletes-refused' : 'succeeded';
};

/** The connector runner's Prometheus series; served on METRICS_PORT when it is set. */
export class RunnerMetrics {
  private readonly passDuration: Histogram<'source' | 'kind' | 'outcome'>;
  private readonly changes: Counter<'source' | 'kind' | 'change'>;
  private readonly lastSuccess: Gauge<'source' | 'kind'>;
  private readonly publishDuration: Histogram<'source'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.passDuration = new Histogram({
      name: 'tributary_connector_pass_duration_seconds',
      help: 'Connector passes by source, connector kind and outcome (succeeded, deletes-refused, failed).',
      labelNames: ['source', 'kind', 'outcome'],
      buckets: PASS_SECONDS_BUCKETS,
      registers,
    });
    this.changes = new Counter({
      name: 'tributary_connector_changes_total',
      help: 'Documents per pass by what happened: seen, changed (published), deleted (tombstoned), failed (unreadable or invalid).',
      labelNames: ['source', 'kind', 'change'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'tributary_connector_last_success_timestamp_seconds',
      help: 'Unix time at which the last pass that published everything it found ended.',
      labelNames: ['source', 'kind'],
      registers,
    });
    this.publishDuration = new Histogram({
      name: 'tributary_connector_publish_duration_seconds',
      help: 'Time from sending a batch of changes to Kafka to every in-sync replica acknowledging it.',
      labelNames: ['source'],
      buckets: PUBLISH_SECONDS_BUCKETS,
      registers,
    });
  }

  observePass(source: string, kind: string, seconds: number, outcome: RunSummary | Error): void {
    this.passDuration.observe({ source, kind, outcome: passOutcomeOf(outcome) }, seconds);
    if (outcome instanceof Error) return;
    for (const change of ['seen', 'changed', 'deleted', 'failed'] as const)
      this.changes.inc({ source, kind, change }, outcome[change]);
    if (!outcome.refusedDeletes) this.lastSuccess.set({ source, kind }, Date.now() / 1000);
  }

  /** The publisher with each acknowledged (or failed) publish timed, labelled by the batch's source. */
  timedPublisher(publisher: ChangePublisher): ChangePublisher {
    return {
      publish: async (changes) => {
        const [first] = changes;
        if (!first) return publisher.publish(changes);
        const started = performance.now();
        try {
          await publisher.publish(changes);
        } finally {
          this.publishDuration.observe({ source: first.source }, (performance.now() - started) / 1000);
        }
      },
    };
  }
}
