import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp } from '@tributary/observability';
import { loadWorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

/** Fine-tune worker: runs the queued fine-tune jobs (dataset → train → evaluate → promote), one at a time. */
exitOnStartupFailure(
  (async () => {
    const config = loadWorkerConfig();
    const logger = createLogger('finetune-worker', config.LOG_LEVEL);
    await startHttpApp(WorkerModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
    });
  })(),
);
