import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, PinoNestLogger } from '@tributary/observability';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Query gateway: hybrid BM25 + vector retrieval over HTTP. */
async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('query-gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.register(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT }, 'query gateway listening');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
