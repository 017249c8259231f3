import { Module, type DynamicModule } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Registry } from 'prom-client';
import { EmbeddingProviders } from '@tributary/embeddings';
import { AliasWriteTargets, DocumentIndexingService } from '@tributary/indexing';
import { createKafka } from '@tributary/kafka';
import {
  createMetricsRegistry,
  HEALTH_INDICATORS,
  HealthController,
  METRICS_REGISTRY,
  MetricsController,
  type HealthIndicator,
  type Logger,
} from '@tributary/observability';
import {
  ChunkIndexTargets,
  ChunkRepository,
  createElasticsearchClient,
  DocumentStateRepository,
  elasticsearchHealth,
} from '@tributary/search-data-access';
import { ChangeConsumerLifecycle } from './change-consumer.lifecycle';
import { EMBEDDER_CONFIG, type EmbedderConfig } from './embedder.config';
import { CHUNK_INDEX, ELASTICSEARCH, EMBEDDINGS, INDEXING, KAFKA, LOGGER } from './embedder.tokens';
import {
  EmbedderMetrics,
  MeteredIndexing,
  meteredChunkStore,
  meteredStateStore,
  meteredWriteTargets,
} from './metrics';

@Module({})
export class EmbedderModule {
  static register(config: EmbedderConfig, logger: Logger): DynamicModule {
    return {
      module: EmbedderModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: EMBEDDER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        {
          provide: EmbedderMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new EmbedderMetrics(registry),
        },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka(
              { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-embedder` },
              (level, message, extra) => logger[level](extra, message),
            ),
        },
        {
          provide: ELASTICSEARCH,
          useFactory: () =>
            createElasticsearchClient({
              url: config.ELASTICSEARCH_URL,
              apiKey: config.ELASTICSEARCH_API_KEY,
            }),
        },
        { provide: EMBEDDINGS, useFactory: () => new EmbeddingProviders(config) },
        {
          provide: CHUNK_INDEX,
          inject: [ELASTICSEARCH],
          useFactory: (es: Client) =>
            new ChunkIndexTargets(es, config.CHUNKS_ALIAS, config.INDEX_ALIAS_TTL_MS),
        },
        {
          provide: INDEXING,
          inject: [ELASTICSEARCH, EMBEDDINGS, CHUNK_INDEX, EmbedderMetrics],
          // Every port is wrapped in a timing decorator: the service and the consumer stay unaware of metrics.
          useFactory: (
            es: Client,
            providers: EmbeddingProviders,
            targets: ChunkIndexTargets,
            metrics: EmbedderMetrics,
          ) =>
            new MeteredIndexing(
              new DocumentIndexingService(
                meteredChunkStore(new ChunkRepository(es, config.CHUNKS_ALIAS), metrics),
                meteredStateStore(new DocumentStateRepository(es, config.DOCUMENT_STATE_INDEX), metrics),
                meteredWriteTargets(new AliasWriteTargets(targets, providers), metrics),
                {
                  maxTokens: config.CHUNK_MAX_TOKENS,
                  overlapTokens: config.CHUNK_OVERLAP_TOKENS,
                },
              ),
              metrics,
            ),
        },
        ChangeConsumerLifecycle,
        {
          provide: HEALTH_INDICATORS,
          inject: [ELASTICSEARCH, ChangeConsumerLifecycle],
          useFactory: (es: Client, consumer: ChangeConsumerLifecycle): HealthIndicator[] => [
            { name: 'elasticsearch', check: () => elasticsearchHealth(es) },
            {
              name: 'kafka-consumer',
              check: async () => {
                if (!consumer.ready) throw new Error('consumer has not joined its group yet');
              },
            },
          ],
        },
      ],
    };
  }
}
