import {
  Inject,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { EmbeddingProviders } from '@tributary/embeddings';
import {
  HEALTH_INDICATORS,
  HealthController,
  type HealthIndicator,
  type Logger,
} from '@tributary/observability';
import {
  ChunkIndexTargets,
  createElasticsearchClient,
  elasticsearchHealth,
  ensureChunkIndex,
} from '@tributary/search-data-access';
import { redisHealth } from '@tributary/redis';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { CHUNK_INDEX, ELASTICSEARCH, EMBEDDINGS, LOGGER, REDIS } from './gateway.tokens';
import { AuthModule } from './auth.module';
import { IngestModule } from './ingest.module';
import { GatewayMetricsModule } from './metrics';
import { OpenApiModule } from './openapi/openapi.module';
import { SearchModule } from './search/search.module';
import { traceRequests, TRACED_ROUTES } from './tracing/request-tracing.middleware';

@Module({})
export class GatewayModule implements NestModule, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ELASTICSEARCH) private readonly es: Client,
    @Inject(EMBEDDINGS) private readonly providers: EmbeddingProviders,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Creates the index if there is none, and loads its model before the first query needs it. */
  async onApplicationBootstrap(): Promise<void> {
    await ensureChunkIndex(
      this.es,
      this.config.CHUNKS_ALIAS,
      this.config.EMBEDDING_MODEL,
      this.providers,
      this.logger,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.es.close();
  }

  /** Every route runs in its request's trace. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(traceRequests()).forRoutes(TRACED_ROUTES);
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
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: EMBEDDINGS, useFactory: () => new EmbeddingProviders(config) },
        {
          provide: CHUNK_INDEX,
          inject: [ELASTICSEARCH],
          useFactory: (es: Client) =>
            new ChunkIndexTargets(es, config.CHUNKS_ALIAS, config.INDEX_ALIAS_TTL_MS),
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
      exports: [ELASTICSEARCH, EMBEDDINGS, CHUNK_INDEX, LOGGER],
    };
  }
}
