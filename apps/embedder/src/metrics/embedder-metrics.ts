import { Counter, Histogram, type Registry } from 'prom-client';
import type { IndexingOutcome } from '@tributary/indexing';

/** The parts of a slice that are timed; `slice` is the whole applyAll, `kafka` the wait before it. */
export type EmbedderStage = 'kafka' | 'read' | 'embed' | 'write' | 'slice';

/** What became of a change: the indexing outcomes, and dead-lettered for a poison event. */
export type ChangeOutcome = IndexingOutcome['kind'] | 'dead-lettered';

// 5 ms (an mget) to 10 min (an event that sat in a lagging topic): one set for every stage.
const STAGE_SECONDS_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];
/** From 50 ms to 10 min, the span of the freshness alert's 60 s target on both sides. */
export const FRESHNESS_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

/** The embedder's Prometheus series, registered on the app's registry. */
export class EmbedderMetrics {
  private readonly stageDuration: Histogram<'stage'>;
  private readonly changes: Counter<'outcome'>;
  private readonly chunks: Counter;
  private readonly freshness: Histogram;
  private readonly deadLetters: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.stageDuration = new Histogram({
      name: 'tributary_embedder_stage_duration_seconds',
      help: 'Time per stage: kafka (event occurredAt to the slice start, per change), read (state and vector lookups), embed, write (bulk writes of chunks and of states), slice (a whole slice).',
      labelNames: ['stage'],
      buckets: STAGE_SECONDS_BUCKETS,
      registers,
    });
    this.changes = new Counter({
      name: 'tributary_embedder_changes_total',
      help: 'Document changes by outcome: indexed, deleted, stale (older than the index), superseded (by a newer change in the same slice), dead-lettered.',
      labelNames: ['outcome'],
      registers,
    });
    this.chunks = new Counter({
      name: 'tributary_embedder_chunks_total',
      help: 'Chunks written for indexed documents (the active index; a migration target writes the same chunks again).',
      registers,
    });
    this.freshness = new Histogram({
      name: 'tributary_freshness_seconds',
      help: "From a change's occurredAt to its document state written in Elasticsearch (searchable after the next refresh, at most 1 s later).",
      buckets: FRESHNESS_SECONDS_BUCKETS,
      registers,
    });
    this.deadLetters = new Counter({
      name: 'tributary_embedder_dead_letters_total',
      help: 'Events sent to the dead-letter topic (poison or undecodable).',
      registers,
    });
    // Zero series exist before the first event, so rate() and absent-based alerts see them from the start.
    for (const outcome of ['indexed', 'deleted', 'stale', 'superseded', 'dead-lettered'] as const)
      this.changes.inc({ outcome }, 0);
  }

  observeStage(stage: EmbedderStage, seconds: number): void {
    this.stageDuration.observe({ stage }, Math.max(0, seconds));
  }

  countOutcomes(outcomes: readonly IndexingOutcome[]): void {
    for (const outcome of outcomes) {
      this.changes.inc({ outcome: outcome.kind });
      if (outcome.kind === 'indexed') this.chunks.inc(outcome.chunks);
    }
  }

  /** One event written, `seconds` after it occurred; a source clock ahead of ours counts as 0. */
  observeFreshness(seconds: number): void {
    this.freshness.observe(Math.max(0, seconds));
  }

  deadLettered(count: number): void {
    this.deadLetters.inc(count);
    this.changes.inc({ outcome: 'dead-lettered' }, count);
  }
}

/** Seconds since a performance.now() reading. */
export const secondsSince = (started: number) => (performance.now() - started) / 1000;
