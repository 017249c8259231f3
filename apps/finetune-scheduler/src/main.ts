import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp } from '@tributary/observability';
import { loadSchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** Fine-tune scheduler: plans and their BullMQ schedules, and the operators' API (jobs run in worker.ts). */
exitOnStartupFailure(
  (async () => {
    const config = loadSchedulerConfig();
    const logger = createLogger('finetune-scheduler', config.LOG_LEVEL);
    await startHttpApp(SchedulerModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
    });
  })(),
);
