import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { ConnectorRunService } from '@tributary/connectors';
import {
  ConnectorRegistryRepository,
  RedisCheckpointRepository,
  SourceTenantRepository,
} from '@tributary/connectors-data-access';
import { createKafka, DocumentChangeProducer, ensureTopics } from '@tributary/kafka';
import { createMetricsRegistry, type Logger } from '@tributary/observability';
import { createRedisClient } from '@tributary/redis';
import { RunnerMetrics } from './runner-metrics';
import { RunnerMetricsServer } from './runner-metrics.server';
import { RUNNER_CONFIG, RUNNER_LOGGER, type RunnerConfig } from './runner.config';

const KAFKA = Symbol('KAFKA');
const REDIS = Symbol('REDIS');
const PRODUCER = Symbol('PRODUCER');

@Module({})
export class RunnerModule implements OnApplicationShutdown {
  constructor(
    @Inject(PRODUCER) private readonly producer: DocumentChangeProducer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    this.redis.disconnect();
  }

  static register(config: RunnerConfig, logger: Logger): DynamicModule {
    return {
      module: RunnerModule,
      providers: [
        { provide: RUNNER_CONFIG, useValue: config },
        { provide: RUNNER_LOGGER, useValue: logger },
        // Always there (runConnector records every pass); served only when METRICS_PORT is set.
        { provide: RunnerMetrics, useFactory: () => new RunnerMetrics(createMetricsRegistry()) },
        RunnerMetricsServer,
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka(
              { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-connector-runner` },
              (level, message, extra) => logger[level](extra, message),
            ),
        },
        {
          provide: REDIS,
          useFactory: async () => {
            const redis = createRedisClient(config.REDIS_URL, 'command');
            await redis.connect();
            return redis;
          },
        },
        {
          provide: PRODUCER,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            await ensureTopics(kafka);
            const producer = new DocumentChangeProducer(kafka);
            await producer.connect();
            return producer;
          },
        },
        {
          provide: ConnectorRunService,
          inject: [PRODUCER, REDIS, RunnerMetrics],
          useFactory: (producer: DocumentChangeProducer, redis: Redis, metrics: RunnerMetrics) =>
            new ConnectorRunService(metrics.timedPublisher(producer), new RedisCheckpointRepository(redis)),
        },
        {
          provide: ConnectorRegistryRepository,
          inject: [REDIS],
          useFactory: (redis: Redis) => new ConnectorRegistryRepository(redis),
        },
        {
          provide: SourceTenantRepository,
          inject: [REDIS],
          useFactory: (redis: Redis) => new SourceTenantRepository(redis),
        },
      ],
    };
  }
}
