import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { CHUNKS_ALIAS } from '@tributary/contracts';
import { createEmbeddingProvider, type EmbeddingProvider } from '@tributary/embeddings';
import {
  HEALTH_INDICATORS,
  HealthController,
  type HealthIndicator,
  type Logger,
} from '@tributary/observability';
import { HybridSearchService, DEFAULT_HYBRID_SEARCH_OPTIONS } from '@tributary/search';
import {
  ChunkIndexRepository,
  ChunkSearchRepository,
  createElasticsearchClient,
  elasticsearchHealth,
} from '@tributary/search-data-access';
import { redisHealth } from '@tributary/redis';
import type { GatewayConfig } from './gateway.config';
import { ELASTICSEARCH, EMBEDDINGS, LOGGER, REDIS } from './gateway.tokens';
import { IngestModule } from './ingest.module';
import { SearchController } from './search.controller';

@Module({})
export class GatewayModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ELASTICSEARCH) private readonly es: Client,
    @Inject(EMBEDDINGS) private readonly embeddings: EmbeddingProvider,
  ) {}

  /** Refuses to serve queries embedded with a different model than the index holds. */
  async onApplicationBootstrap(): Promise<void> {
    await new ChunkIndexRepository(this.es, CHUNKS_ALIAS).ensure(
      this.embeddings.modelId,
      this.embeddings.dimensions,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.es.close();
  }

  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [IngestModule.register(config, logger)],
      controllers: [HealthController, SearchController],
      providers: [
        { provide: LOGGER, useValue: logger },
        {
          provide: ELASTICSEARCH,
          useFactory: () =>
            createElasticsearchClient({
              url: config.ELASTICSEARCH_URL,
              apiKey: config.ELASTICSEARCH_API_KEY,
            }),
        },
        { provide: EMBEDDINGS, useFactory: () => createEmbeddingProvider(config) },
        {
          provide: HybridSearchService,
          inject: [ELASTICSEARCH, EMBEDDINGS],
          useFactory: (es: Client, embeddings: EmbeddingProvider) =>
            new HybridSearchService(new ChunkSearchRepository(es, CHUNKS_ALIAS), embeddings, {
              ...DEFAULT_HYBRID_SEARCH_OPTIONS,
              rrfK: config.RRF_K,
            }),
        },
        {
          provide: HEALTH_INDICATORS,
          inject: [ELASTICSEARCH, REDIS],
          useFactory: (es: Client, redis: Redis): HealthIndicator[] => [
            { name: 'elasticsearch', check: () => elasticsearchHealth(es) },
            { name: 'redis', check: () => redisHealth(redis) },
          ],
        },
      ],
    };
  }
}
