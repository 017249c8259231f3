import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { createRedisClient } from '@tributary/redis';
import {
  ApiKeyGuard,
  apiKeyGuardProviders,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  RATE_LIMITER,
} from './api-key.guard';
import type { GatewayConfig } from './gateway.config';
import { API_KEYS, REDIS } from './gateway.tokens';
import { GatewayMetricsModule } from './metrics';

/** API keys, rate limits and the guard every /v1 route uses, over the gateway's one Redis connection. */
@Module({})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      // Explicit: a global module does not see another global module's exports while it is built.
      imports: [GatewayMetricsModule],
      providers: [
        // Command mode: during a Redis outage a request fails fast (503) instead of hanging.
        { provide: REDIS, useFactory: () => createRedisClient(config.REDIS_URL, 'command') },
        { provide: API_KEYS, inject: [REDIS], useFactory: (redis: Redis) => new ApiKeyRepository(redis) },
        ...apiKeyGuardProviders(config),
      ],
      // Nest builds a guard per controller module: each must find what the guard needs.
      exports: [REDIS, API_KEYS, RATE_LIMITER, DEFAULT_RATE_LIMIT_PER_MINUTE, ApiKeyGuard],
    };
  }
}
