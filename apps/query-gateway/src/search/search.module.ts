import { Module, type DynamicModule } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { TenantSettingsRepository } from '@tributary/auth-data-access';
import type { EmbeddingProviders } from '@tributary/embeddings';
import { FeedbackRepository, QueryLogRepository } from '@tributary/feedback-data-access';
import { ActiveQueryAdapters, ModelRegistryRepository } from '@tributary/finetune-data-access';
import type { Logger } from '@tributary/observability';
import {
  ActiveQueryTarget,
  DEFAULT_FUSION,
  DEFAULT_HYBRID_SEARCH_OPTIONS,
  FeedbackService,
  HybridSearchService,
} from '@tributary/search';
import {
  ChunkSearchRepository,
  IndexedDocumentRepository,
  type ChunkIndexTargets,
} from '@tributary/search-data-access';
import type { GatewayConfig } from '../gateway.config';
import { CHUNK_INDEX, ELASTICSEARCH, EMBEDDINGS, LOGGER, REDIS } from '../gateway.tokens';
import { DocumentsController } from './documents.controller';
import { FeedbackController } from './feedback.controller';
import { SearchController } from './search.controller';
import { TenantFusionDefaults } from './tenant-fusion-defaults';

/** Search, document lookup and feedback: the read side of the gateway. */
@Module({})
export class SearchModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: SearchModule,
      controllers: [SearchController, DocumentsController, FeedbackController],
      providers: [
        {
          provide: QueryLogRepository,
          inject: [REDIS],
          useFactory: (redis: Redis) => new QueryLogRepository(redis),
        },
        {
          provide: ActiveQueryAdapters,
          inject: [ELASTICSEARCH, LOGGER],
          useFactory: (es: Client, logger: Logger) =>
            new ActiveQueryAdapters(
              new ModelRegistryRepository(es, config.MODEL_REGISTRY_INDEX),
              config.ADAPTER_REFRESH_MS,
              Date.now,
              (error) =>
                logger.warn(
                  { err: error },
                  'the model registry could not be read; the last known query adapter stays',
                ),
            ),
        },
        {
          provide: HybridSearchService,
          inject: [ELASTICSEARCH, CHUNK_INDEX, EMBEDDINGS, QueryLogRepository, ActiveQueryAdapters],
          useFactory: (
            es: Client,
            indexes: ChunkIndexTargets,
            providers: EmbeddingProviders,
            queryLog: QueryLogRepository,
            adapters: ActiveQueryAdapters,
          ) =>
            new HybridSearchService(
              new ChunkSearchRepository(es, config.CHUNKS_ALIAS),
              new ActiveQueryTarget(indexes, providers, adapters),
              { ...DEFAULT_HYBRID_SEARCH_OPTIONS, fusion: { ...DEFAULT_FUSION, rrfK: config.RRF_K } },
              queryLog,
            ),
        },
        {
          provide: IndexedDocumentRepository,
          inject: [ELASTICSEARCH],
          useFactory: (es: Client) => new IndexedDocumentRepository(es, config.CHUNKS_ALIAS),
        },
        {
          provide: FeedbackService,
          inject: [REDIS, QueryLogRepository],
          useFactory: (redis: Redis, queries: QueryLogRepository) =>
            new FeedbackService({ queries, feedback: new FeedbackRepository(redis) }),
        },
        {
          provide: TenantFusionDefaults,
          inject: [REDIS],
          useFactory: (redis: Redis) => new TenantFusionDefaults(new TenantSettingsRepository(redis)),
        },
      ],
    };
  }
}
