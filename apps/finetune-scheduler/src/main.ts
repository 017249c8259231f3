import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp } from '@tributary/observability';
import { loadSchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** Fine-tune scheduler: periodic fine-tune jobs on BullMQ (health endpoints only so far). */
exitOnStartupFailure(
  (async () => {
    const config = loadSchedulerConfig();
    const logger = createLogger('finetune-scheduler', config.LOG_LEVEL);
    await startHttpApp(SchedulerModule.register(config), { port: config.PORT, host: config.HOST, logger });
  })(),
);
