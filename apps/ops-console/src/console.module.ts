import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { ApiKeyRepository, RedisRateLimiter, VerifiedApiKeyCache } from '@tributary/auth-data-access';
import { FineTuneOperations } from '@tributary/finetune';
import { FineTuneQueue } from '@tributary/finetune-data-access';
import {
  createMetricsRegistry,
  HealthController,
  METRICS_REGISTRY,
  MetricsController,
  type Logger,
} from '@tributary/observability';
import { createOperationsService, OperationsService } from '@tributary/operations';
import { operationsOptionsOf } from './operations.settings';
import { ConnectorsController } from './api/connectors.controller';
import { DeadLettersController } from './api/dead-letters.controller';
import { ModelsController } from './api/models.controller';
import { OverviewController } from './api/overview.controller';
import { LoginController } from './auth/login.controller';
import { OperatorAuthService } from './auth/operator-auth.service';
import { OperatorGuard } from './auth/operator.guard';
import { SessionRepository } from './auth/session.repository';
import { consoleConnections } from './console-connections';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { consoleFineTuneOperations } from './console-finetune';
import { ConsoleMetrics } from './console-metrics';
import type { ConsoleConfig } from './console.config';
import { CONSOLE_CONFIG, ELASTICSEARCH, KAFKA, LOGGER, REDIS } from './console.tokens';
import { KafkaHealth } from './kafka.health';
import { LagSampler } from './lag/lag-sampler.service';
import { LagTrend } from './lag/lag-trend';
import { PageController } from './page.controller';

/** A revoked key stops working for bearer requests within this (sessions last their TTL or until logout). */
const VERIFIED_KEY_TTL_MS = 5_000;

/** The console: wiring of the operations service, the fine-tune registry, auth, the page and the lag sampler. */
@Module({})
export class ConsoleModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sampler: LagSampler,
    private readonly operations: OperationsService,
    private readonly queue: FineTuneQueue,
    private readonly kafkaHealth: KafkaHealth,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ELASTICSEARCH) private readonly es: Client,
  ) {}

  onApplicationBootstrap(): void {
    this.sampler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sampler.stop();
    await Promise.allSettled([this.operations.close(), this.queue.close(), this.kafkaHealth.close()]);
    await this.es.close();
    this.redis.disconnect();
  }

  static register(config: ConsoleConfig, logger: Logger): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [
        HealthController,
        MetricsController,
        LoginController,
        PageController,
        OverviewController,
        DeadLettersController,
        ConnectorsController,
        ModelsController,
      ],
      providers: [
        ...consoleConnections(config, logger),
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        {
          provide: ConsoleMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new ConsoleMetrics(registry),
        },
        { provide: LagTrend, useFactory: () => new LagTrend(config.LAG_TREND_SAMPLES) },
        {
          provide: OperationsService,
          inject: [KAFKA, REDIS, ELASTICSEARCH],
          useFactory: (kafka: Kafka, redis: Redis, elasticsearch: Client) =>
            createOperationsService(operationsOptionsOf(config, { kafka, redis, elasticsearch })),
        },
        {
          provide: FineTuneQueue,
          inject: [REDIS],
          useFactory: (redis: Redis) => new FineTuneQueue(redis, config.FINETUNE_REDIS_PREFIX),
        },
        {
          provide: FineTuneOperations,
          inject: [ELASTICSEARCH, REDIS, FineTuneQueue],
          useFactory: (es: Client, redis: Redis, queue: FineTuneQueue) =>
            consoleFineTuneOperations(es, redis, queue, config),
        },
        {
          provide: OperatorAuthService,
          inject: [REDIS, LOGGER],
          useFactory: (redis: Redis, log: Logger) =>
            new OperatorAuthService(
              {
                keys: new VerifiedApiKeyCache(new ApiKeyRepository(redis), {
                  ttlMs: VERIFIED_KEY_TTL_MS,
                  maxEntries: 1_000,
                }),
                sessions: new SessionRepository(
                  redis,
                  config.CONSOLE_REDIS_PREFIX,
                  config.CONSOLE_SESSION_TTL_S,
                ),
                loginLimiter: new RedisRateLimiter(redis, `${config.CONSOLE_REDIS_PREFIX}:rate-limit`),
              },
              { loginAttemptsPerMinute: config.CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE },
              log,
            ),
        },
        OperatorGuard,
        {
          provide: LagSampler,
          inject: [OperationsService, LagTrend, ConsoleMetrics, LOGGER],
          useFactory: (
            operations: OperationsService,
            trend: LagTrend,
            metrics: ConsoleMetrics,
            log: Logger,
          ) => new LagSampler(operations, trend, metrics, config.LAG_SAMPLE_MS, log),
        },
        { provide: APP_FILTER, useValue: new ConsoleErrorsFilter(logger) },
      ],
    };
  }
}
