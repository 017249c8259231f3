import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp, startTracing } from '@tributary/observability';
import { loadWorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

/** Fine-tune worker: runs the queued fine-tune jobs (dataset → train → evaluate → promote), one at a time. */
exitOnStartupFailure(
  (async () => {
    startTracing('finetune-worker');
    const config = loadWorkerConfig();
    const logger = createLogger('finetune-worker', config.LOG_LEVEL);
    await startHttpApp(WorkerModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
    });
  })(),
);
