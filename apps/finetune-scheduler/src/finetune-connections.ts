import type { Provider } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import { HEALTH_INDICATORS, type HealthIndicator, type Logger } from '@tributary/observability';
import { createRedisClient, redisHealth } from '@tributary/redis';
import { createElasticsearchClient, elasticsearchHealth } from '@tributary/search-data-access';
import { ELASTICSEARCH, LOGGER, REDIS } from './finetune.tokens';

/**
 * What both fine-tune processes hold: a queue-mode Redis connection (BullMQ's
 * workers need commands to wait out a Redis blip), an Elasticsearch client,
 * the logger, and one readiness indicator for each.
 */
export function finetuneConnections(
  config: { REDIS_URL: string; ELASTICSEARCH_URL: string; ELASTICSEARCH_API_KEY?: string | undefined },
  logger: Logger,
): Provider[] {
  return [
    { provide: LOGGER, useValue: logger },
    { provide: REDIS, useFactory: () => createRedisClient(config.REDIS_URL, 'queue') },
    {
      provide: ELASTICSEARCH,
      useFactory: () =>
        createElasticsearchClient({ url: config.ELASTICSEARCH_URL, apiKey: config.ELASTICSEARCH_API_KEY }),
    },
    {
      provide: HEALTH_INDICATORS,
      inject: [REDIS, ELASTICSEARCH],
      useFactory: (redis: Redis, es: Client): HealthIndicator[] => [
        { name: 'redis', check: () => redisHealth(redis) },
        { name: 'elasticsearch', check: () => elasticsearchHealth(es) },
      ],
    },
  ];
}
