import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '@tributary/observability';
import { loadEmbedderConfig } from './embedder.config';
import { EmbedderModule } from './embedder.module';

/** Embedder: consumes document changes, chunks, embeds and writes them to Elasticsearch. */
async function bootstrap(): Promise<void> {
  const config = loadEmbedderConfig();
  const logger = createLogger('embedder', config.LOG_LEVEL);
  const app = await NestFactory.create(EmbedderModule.register(config, logger), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT }, 'embedder listening (health on /healthz, /readyz)');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
