import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '@tributary/observability';
import { loadSchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** Fine-tune scheduler: periodic fine-tune jobs on BullMQ (health endpoints only so far). */
async function bootstrap(): Promise<void> {
  const config = loadSchedulerConfig();
  const logger = createLogger('finetune-scheduler', config.LOG_LEVEL);
  const app = await NestFactory.create(SchedulerModule.register(config), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT }, 'finetune scheduler listening');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
