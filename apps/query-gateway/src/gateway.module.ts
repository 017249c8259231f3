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
import {
  ChunkIndexRepository,
  createElasticsearchClient,
  elasticsearchHealth,
} from '@tributary/search-data-access';
import { redisHealth } from '@tributary/redis';
import type { GatewayConfig } from './gateway.config';
import { ELASTICSEARCH, EMBEDDINGS, LOGGER, REDIS } from './gateway.tokens';
import { AuthModule } from './auth.module';
import { IngestModule } from './ingest.module';
import { GatewayMetricsModule } from './metrics';
import { OpenApiModule } from './openapi/openapi.module';
import { SearchModule } from './search/search.module';

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
      global: true,
      imports: [
        GatewayMetricsModule,
        AuthModule.register(config),
        SearchModule.register(config),
        IngestModule.register(config, logger),
        OpenApiModule.register(config),
      ],
      controllers: [HealthController],
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
          provide: HEALTH_INDICATORS,
          inject: [ELASTICSEARCH, REDIS],
          useFactory: (es: Client, redis: Redis): HealthIndicator[] => [
            { name: 'elasticsearch', check: () => elasticsearchHealth(es) },
            { name: 'redis', check: () => redisHealth(redis) },
          ],
        },
      ],
      exports: [ELASTICSEARCH, EMBEDDINGS, LOGGER],
    };
  }
}
