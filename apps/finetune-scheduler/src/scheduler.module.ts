import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { HEALTH_INDICATORS, HealthController, type HealthIndicator } from '@tributary/observability';
import { createRedisClient, redisHealth } from '@tributary/redis';
import type { SchedulerConfig } from './scheduler.config';

const REDIS = Symbol('REDIS');

/**
 * The fine-tune scheduler's process: today its health endpoints over the Redis
 * that will hold its BullMQ queues. Plans, runs and promotion arrive with the
 * fine-tune issue; nothing here pretends to schedule yet.
 */
@Module({})
export class SchedulerModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  static register(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      controllers: [HealthController],
      providers: [
        { provide: REDIS, useFactory: () => createRedisClient(config.REDIS_URL, 'queue') },
        {
          provide: HEALTH_INDICATORS,
          inject: [REDIS],
          useFactory: (redis: Redis): HealthIndicator[] => [
            { name: 'redis', check: () => redisHealth(redis) },
          ],
        },
      ],
    };
  }
}
