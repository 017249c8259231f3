import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import {
  DOCUMENT_CHANGES_DLQ_TOPIC,
  DOCUMENT_CHANGES_TOPIC,
  type DocumentChangeV1,
} from '@tributary/contracts';
import type { EmbeddingProviders } from '@tributary/embeddings';
import type { DocumentIndexingService, IndexingOutcome } from '@tributary/indexing';
import {
  ConsumedSliceTrace,
  DocumentChangeConsumer,
  ensureTopics,
  type ChangeDelivery,
} from '@tributary/kafka';
import type { Logger } from '@tributary/observability';
import {
  DocumentStateRepository,
  ensureChunkIndex,
  isTransientElasticsearchError,
} from '@tributary/search-data-access';
import { EMBEDDER_CONFIG, type EmbedderConfig } from './embedder.config';
import { ELASTICSEARCH, EMBEDDINGS, INDEXING, KAFKA, LOGGER } from './embedder.tokens';
import { CountedDeadLetterProducer, EmbedderMetrics } from './metrics';

/** Starts consuming only once the index and topics exist; stops cleanly on shutdown. */
@Injectable()
export class ChangeConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: DocumentChangeConsumer | undefined;

  constructor(
    @Inject(EMBEDDER_CONFIG) private readonly config: EmbedderConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ELASTICSEARCH) private readonly es: Client,
    @Inject(EMBEDDINGS) private readonly providers: EmbeddingProviders,
    @Inject(INDEXING) private readonly indexing: DocumentIndexingService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EmbedderMetrics) private readonly metrics: EmbedderMetrics,
  ) {}

  get ready(): boolean {
    return this.consumer?.ready ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { index, model } = await ensureChunkIndex(
      this.es,
      this.config.CHUNKS_ALIAS,
      this.config.EMBEDDING_MODEL,
      this.providers,
      this.logger,
    );
    await new DocumentStateRepository(this.es, this.config.DOCUMENT_STATE_INDEX).ensure();
    await ensureTopics(this.kafka);
    this.consumer = new DocumentChangeConsumer(
      this.kafka,
      this.config.KAFKA_GROUP_ID,
      new CountedDeadLetterProducer(this.kafka, DOCUMENT_CHANGES_DLQ_TOPIC, (count) =>
        this.metrics.deadLettered(count),
      ),
      (changes, deliveries) => this.applySlice(changes, deliveries),
      {
        maxAttempts: this.config.MAX_ATTEMPTS,
        initialBackoffMs: 500,
        maxBackoffMs: 30_000,
        isTransient: isTransientElasticsearchError,
      },
      this.logger,
      DOCUMENT_CHANGES_TOPIC,
      { maxBatchSize: this.config.BATCH_SIZE, partitionsConcurrently: this.config.PARTITIONS_CONCURRENTLY },
    );
    await this.consumer.start();
    this.logger.info({ index, alias: this.config.CHUNKS_ALIAS, model }, 'consuming document changes');
  }

  /**
   * Applies a slice inside its trace: each event's `index <source>:<docId>`
   * span, under the span that published it, ends once the slice's write
   * succeeded (or failed: the consumer then retries or dead-letters it).
   */
  private async applySlice(
    changes: readonly DocumentChangeV1[],
    deliveries: readonly ChangeDelivery[],
  ): Promise<void> {
    const started = performance.now();
    const spans = new ConsumedSliceTrace(
      'index slice',
      changes.map((change, i) => {
        const delivery = deliveries[i];
        if (!delivery) throw new Error(`no delivery for change ${i} of ${changes.length}`);
        return {
          name: `index ${change.source}:${change.docId}`,
          delivery,
          attributes: {
            'tributary.source': change.source,
            'tributary.doc_id': change.docId,
            'tributary.op': change.op,
            'tributary.version': change.version,
          },
        };
      }),
    );
    let outcomes: IndexingOutcome[];
    try {
      outcomes = await spans.inSlice(() => this.indexing.applyAll(changes));
    } catch (error) {
      spans.failed(error);
      throw error;
    }
    spans.succeeded((i) => outcomeAttributes(outcomes[i]));
    changes.forEach((change, i) =>
      spans.inEvent(i, () =>
        this.logger.debug(
          {
            source: change.source,
            docId: change.docId,
            version: change.version,
            op: change.op,
            outcome: outcomes[i],
          },
          'applied',
        ),
      ),
    );
    spans.inSlice(() =>
      this.logger.info(
        { events: changes.length, ms: Math.round(performance.now() - started) },
        'applied document changes',
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.consumer?.stop();
    } finally {
      await this.es.close();
    }
  }
}

/** What became of one event, as span attributes; chunks where the outcome has them. */
function outcomeAttributes(outcome: IndexingOutcome | undefined): Record<string, string | number> {
  if (!outcome) return { 'tributary.outcome': 'unknown' };
  switch (outcome.kind) {
    case 'indexed':
    case 'deleted':
      return { 'tributary.outcome': outcome.kind, 'tributary.chunks': outcome.chunks };
    case 'stale':
      return { 'tributary.outcome': outcome.kind, 'tributary.indexed_version': outcome.indexedVersion };
    case 'superseded':
      return { 'tributary.outcome': outcome.kind, 'tributary.superseded_by': outcome.byVersion };
  }
}
