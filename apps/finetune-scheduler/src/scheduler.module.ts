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
import { FineTuneOperations } from '@tributary/finetune';
import { FineTuneQueue } from '@tributary/finetune-data-access';
import {
  createMetricsRegistry,
  HealthController,
  METRICS_REGISTRY,
  MetricsController,
  type Logger,
} from '@tributary/observability';
import type { Registry } from 'prom-client';
import { AdminKeyGuard } from './admin-key.guard';
import { FineTuneErrorsFilter } from './finetune-errors.filter';
import { registerScheduleGauge } from './finetune-metrics';
import { ensureFinetuneIndices, finetuneStores, type FinetuneStores } from './finetune-stores';
import { finetuneConnections } from './finetune-connections';
import { ELASTICSEARCH, LOGGER, REDIS } from './finetune.tokens';
import { ModelsController } from './models.controller';
import { PlansController } from './plans.controller';
import { RunsController } from './runs.controller';
import type { SchedulerConfig } from './scheduler.config';

const STORES = Symbol('STORES');

/**
 * The scheduler process: keeps BullMQ's job schedulers in step with the plans
 * (stable ids, so any number of scheduler instances upsert the same ones) and
 * serves the operators' API. Jobs run in the worker process, never here.
 */
@Module({})
export class SchedulerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ELASTICSEARCH) private readonly es: Client,
    @Inject(STORES) private readonly stores: FinetuneStores,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly queue: FineTuneQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureFinetuneIndices(this.stores);
    const { upserted, removed, failed } = await this.queue.syncSchedules(await this.stores.plans.list());
    this.logger.info({ upserted, removed }, 'fine-tune schedules in step with the plans');
    for (const { plan, error } of failed)
      this.logger.error({ plan, error }, 'a plan could not be scheduled; fix or delete it');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.es.close();
    this.redis.disconnect();
  }

  static register(config: SchedulerConfig, logger: Logger): DynamicModule {
    return {
      module: SchedulerModule,
      controllers: [HealthController, PlansController, RunsController, ModelsController, MetricsController],
      providers: [
        ...finetuneConnections(config, logger),
        {
          provide: STORES,
          inject: [ELASTICSEARCH, REDIS],
          useFactory: (es: Client, redis: Redis) => finetuneStores(es, redis, config),
        },
        {
          provide: FineTuneQueue,
          inject: [REDIS],
          useFactory: (redis: Redis) => new FineTuneQueue(redis, config.FINETUNE_REDIS_PREFIX),
        },
        {
          provide: METRICS_REGISTRY,
          inject: [FineTuneQueue],
          useFactory: (queue: FineTuneQueue) => {
            const registry: Registry = createMetricsRegistry();
            registerScheduleGauge(registry, async () => (await queue.schedules()).length);
            return registry;
          },
        },
        {
          provide: FineTuneOperations,
          inject: [STORES, FineTuneQueue],
          useFactory: (stores: FinetuneStores, queue: FineTuneQueue) =>
            new FineTuneOperations({ ...stores, queue }),
        },
        AdminKeyGuard,
        { provide: APP_FILTER, useValue: new FineTuneErrorsFilter(logger) },
      ],
    };
  }
}
