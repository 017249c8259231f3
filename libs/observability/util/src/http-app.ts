import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { PinoNestLogger } from './nest-logger';

export interface HttpAppOptions {
  port: number;
  host: string;
  logger: Logger;
  /** Settings that must be applied before the app listens (body parser, filters). */
  configure?: (app: NestExpressApplication) => void;
}

/** Creates a Nest HTTP app with structured logs and shutdown hooks, and starts listening. */
export async function startHttpApp(module: DynamicModule, { port, host, logger, configure }: HttpAppOptions) {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new PinoNestLogger(logger),
    bodyParser: !configure,
  });
  configure?.(app);
  app.enableShutdownHooks();
  await app.listen(port, host);
  logger.info({ port, host }, 'listening');
  return app;
}

/** A service that cannot start says why in one line and exits non-zero. */
export function exitOnStartupFailure(startup: Promise<unknown>): void {
  startup.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
