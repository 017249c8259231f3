import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp, startTracing } from '@tributary/observability';
import { loadSchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** Largest accepted request body (a plan, golden set included): larger ones get 413. */
const PLAN_BODY_LIMIT = '16mb';

/** Fine-tune scheduler: plans and their BullMQ schedules, and the operators' API (jobs run in worker.ts). */
exitOnStartupFailure(
  (async () => {
    startTracing('finetune-scheduler');
    const config = loadSchedulerConfig();
    const logger = createLogger('finetune-scheduler', config.LOG_LEVEL);
    await startHttpApp(SchedulerModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
      // A golden set of 1,000 queries with ten judged documents each is about 1 MiB.
      configure: (app) => app.useBodyParser('json', { limit: PLAN_BODY_LIMIT }),
    });
  })(),
);
