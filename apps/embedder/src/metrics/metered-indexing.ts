import type { DocumentChangeV1 } from '@tributary/contracts';
import type { DocumentIndexingService, IndexingOutcome } from '@tributary/indexing';
import { secondsSince, type EmbedderMetrics } from './embedder-metrics';

/** What the consumer calls per slice: DocumentIndexingService, or this decorator of it. */
export type ChangeApplier = Pick<DocumentIndexingService, 'apply' | 'applyAll'>;

/**
 * Times a slice as a whole and counts what became of each change. The `kafka`
 * stage is each event's time in the pipe: from its occurredAt to the moment
 * the embedder took it up (connector, Kafka and consumer lag together).
 */
export class MeteredIndexing implements ChangeApplier {
  constructor(
    private readonly indexing: ChangeApplier,
    private readonly metrics: EmbedderMetrics,
  ) {}

  async apply(change: DocumentChangeV1): Promise<IndexingOutcome> {
    const [outcome] = await this.applyAll([change]);
    if (!outcome) throw new Error('the indexing service returned no outcome for the change');
    return outcome;
  }

  async applyAll(changes: readonly DocumentChangeV1[]): Promise<IndexingOutcome[]> {
    const startedAt = Date.now();
    for (const { occurredAt } of changes) {
      const occurred = Date.parse(occurredAt);
      if (!Number.isNaN(occurred)) this.metrics.observeStage('kafka', (startedAt - occurred) / 1000);
    }
    const started = performance.now();
    try {
      const outcomes = await this.indexing.applyAll(changes);
      this.metrics.countOutcomes(outcomes);
      return outcomes;
    } finally {
      // A failed slice is timed too: slow failures are what an operator looks for.
      this.metrics.observeStage('slice', secondsSince(started));
    }
  }
}
