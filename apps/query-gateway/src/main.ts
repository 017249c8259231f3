import 'reflect-metadata';
import { json, type Express } from 'express';
import { createLogger, exitOnStartupFailure, startHttpApp, startTracing } from '@tributary/observability';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { GatewayMetrics, recordRequestMetrics } from './metrics';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Query gateway: hybrid BM25 + vector retrieval over HTTP. */
exitOnStartupFailure(
  (async () => {
    startTracing('query-gateway');
    const config = loadGatewayConfig();
    const logger = createLogger('query-gateway', config.LOG_LEVEL);
    await startHttpApp(GatewayModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
      configure: (app) => {
        // No ETag: hashing every search response costs time and no client revalidates a POST.
        (app.getHttpAdapter().getInstance() as Express).set('etag', false).disable('x-powered-by');
        // First, so that requests refused by the body parser are timed and counted too.
        app.use(recordRequestMetrics(app.get(GatewayMetrics)));
        // Pushed documents may be large; queries may not. The first parser to run wins.
        app.use('/v1/ingest', json({ limit: config.INGEST_BODY_LIMIT_BYTES }));
        app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
        app.useGlobalFilters(new ProblemDetailsFilter(logger));
      },
    });
  })(),
);
