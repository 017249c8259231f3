import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PushIngestService } from '@tributary/connectors';
import { SourceTenantRepository } from '@tributary/connectors-data-access';
import { createKafka, DocumentChangeProducer, ensureTopics } from '@tributary/kafka';
import type { Logger } from '@tributary/observability';
import type { GatewayConfig } from './gateway.config';
import { KAFKA_PRODUCER, REDIS } from './gateway.tokens';
import { IngestController } from './ingest.controller';

/** `POST /v1/ingest` (the push connector): Kafka wiring, and source owners over the gateway's Redis. */
@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: DocumentChangeProducer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
      controllers: [IngestController],
      providers: [
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
          inject: [KAFKA_PRODUCER, REDIS],
          useFactory: (producer: DocumentChangeProducer, redis: Redis) =>
            new PushIngestService(producer, new SourceTenantRepository(redis)),
        },
      ],
    };
  }
}
