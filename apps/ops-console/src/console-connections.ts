import type { Provider } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { createKafka } from '@tributary/kafka';
import { HEALTH_INDICATORS, type HealthIndicator, type Logger } from '@tributary/observability';
import { createRedisClient, redisHealth } from '@tributary/redis';
import { createElasticsearchClient, elasticsearchHealth } from '@tributary/search-data-access';
import type { ConsoleConfig } from './console.config';
import { ELASTICSEARCH, KAFKA, LOGGER, REDIS } from './console.tokens';
import { KafkaHealth } from './kafka.health';

/**
 * The console's connections and one readiness indicator each. Redis in command
 * mode: a page poll must fail and say so when Redis is away, not hang.
 */
export function consoleConnections(config: ConsoleConfig, logger: Logger): Provider[] {
  return [
    { provide: LOGGER, useValue: logger },
    { provide: REDIS, useFactory: () => createRedisClient(config.REDIS_URL, 'command') },
    {
      provide: ELASTICSEARCH,
      useFactory: () =>
        createElasticsearchClient({ url: config.ELASTICSEARCH_URL, apiKey: config.ELASTICSEARCH_API_KEY }),
    },
    {
      provide: KAFKA,
      useFactory: () =>
        // Few retries: an overview section waits at most its timeout anyway.
        createKafka(
          { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-console`, retries: 3 },
          (level, message, extra) => logger[level](extra, message),
        ),
    },
    { provide: KafkaHealth, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaHealth(kafka) },
    {
      provide: HEALTH_INDICATORS,
      inject: [KafkaHealth, REDIS, ELASTICSEARCH],
      useFactory: (kafka: KafkaHealth, redis: Redis, es: Client): HealthIndicator[] => [
        { name: 'kafka', check: () => kafka.check() },
        { name: 'redis', check: () => redisHealth(redis) },
        { name: 'elasticsearch', check: () => elasticsearchHealth(es) },
      ],
    },
  ];
}
