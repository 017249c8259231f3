import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { PushIngestService } from '@tributary/connectors';
import { createKafka, DocumentChangeProducer, ensureTopics } from '@tributary/kafka';
import type { Logger } from '@tributary/observability';
import { createRedisClient } from '@tributary/redis';
import { ApiKeyGuard } from './api-key.guard';
import type { GatewayConfig } from './gateway.config';
import { API_KEYS, KAFKA_PRODUCER, REDIS } from './gateway.tokens';
import { IngestController } from './ingest.controller';

/** `POST /v1/ingest` (the push connector) and the API keys that guard it: Kafka and Redis wiring. */
@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: DocumentChangeProducer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.producer.disconnect();
    } finally {
      this.redis.disconnect();
    }
  }

  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
      controllers: [IngestController],
      providers: [
        // Command mode: during a Redis outage a request fails fast (503) instead of hanging.
        { provide: REDIS, useFactory: () => createRedisClient(config.REDIS_URL, 'command') },
        { provide: API_KEYS, inject: [REDIS], useFactory: (redis: Redis) => new ApiKeyRepository(redis) },
        {
          provide: KAFKA_PRODUCER,
          useFactory: async () => {
            const kafka = createKafka(
              { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-query-gateway` },
              (level, message, extra) => logger[level](extra, message),
            );
            await ensureTopics(kafka);
            const producer = new DocumentChangeProducer(kafka);
            await producer.connect();
            return producer;
          },
        },
        {
          provide: PushIngestService,
          inject: [KAFKA_PRODUCER],
          useFactory: (producer: DocumentChangeProducer) => new PushIngestService(producer),
        },
        ApiKeyGuard,
      ],
      exports: [REDIS],
    };
  }
}
