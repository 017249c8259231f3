import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { DOCUMENT_CHANGES_DLQ_TOPIC, DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import type { EmbeddingProviders } from '@tributary/embeddings';
import type { DocumentIndexingService } from '@tributary/indexing';
import { DeadLetterProducer, DocumentChangeConsumer, ensureTopics } from '@tributary/kafka';
import type { Logger } from '@tributary/observability';
import {
  DocumentStateRepository,
  ensureChunkIndex,
  isTransientElasticsearchError,
} from '@tributary/search-data-access';
import { EMBEDDER_CONFIG, type EmbedderConfig } from './embedder.config';
import { ELASTICSEARCH, EMBEDDINGS, INDEXING, KAFKA, LOGGER } from './embedder.tokens';

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
      new DeadLetterProducer(this.kafka, DOCUMENT_CHANGES_DLQ_TOPIC),
      async (changes) => {
        const started = performance.now();
        const outcomes = await this.indexing.applyAll(changes);
        changes.forEach((change, i) =>
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
        );
        this.logger.info(
          { events: changes.length, ms: Math.round(performance.now() - started) },
          'applied document changes',
        );
      },
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

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.consumer?.stop();
    } finally {
      await this.es.close();
    }
  }
}
