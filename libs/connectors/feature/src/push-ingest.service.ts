import {
  DOCUMENT_CHANGE_V1,
  type DocumentChangeV1,
  type IngestResponseV1,
  type PushedChangeV1,
} from '@tributary/contracts';
import type { SourceTenantStore } from '@tributary/connectors-data-access';
import type { ChangePublisher } from './change-batch';
import { claimSources } from './source-ownership';

/**
 * Versions for pushed changes that bring none: the clock in microseconds,
 * strictly increasing within the process, so two pushes in one millisecond
 * still order. Callers that need ordering across gateway replicas send their
 * own version (a sequence, a row version).
 */
export class PushVersionClock {
  private last = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(this.nowMs() * 1000, this.last + 1);
    return this.last;
  }
}

/**
 * The push connector: other services upsert and delete documents over HTTP.
 * Answers only after Kafka acknowledged every change of the request.
 */
export class PushIngestService {
  constructor(
    private readonly publisher: ChangePublisher,
    private readonly owners: SourceTenantStore,
    private readonly clock = new PushVersionClock(),
  ) {}

  /**
   * Publishes the changes for the caller's tenant (its API key's). Throws
   * SourceOwnedByAnotherTenantError, publishing nothing, when any of their
   * sources belongs to another tenant.
   */
  async ingest(changes: readonly PushedChangeV1[], tenant: string): Promise<IngestResponseV1> {
    await claimSources(
      this.owners,
      changes.map((change) => change.source),
      tenant,
    );
    const occurredAt = new Date().toISOString();
    const events = changes.map(
      (change) =>
        ({
          ...change,
          schema: DOCUMENT_CHANGE_V1,
          tenant,
          occurredAt,
          version: change.version ?? this.clock.next(),
        }) as DocumentChangeV1,
    );
    await this.publisher.publish(events);
    return {
      accepted: events.map(({ source, docId, op, version }) => ({ source, docId, op, version })),
    };
  }
}
