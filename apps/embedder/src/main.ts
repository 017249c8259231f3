import 'reflect-metadata';
import { createLogger, exitOnStartupFailure, startHttpApp, startTracing } from '@tributary/observability';
import { loadEmbedderConfig } from './embedder.config';
import { EmbedderModule } from './embedder.module';

/** Embedder: consumes document changes, chunks, embeds and writes them to Elasticsearch. HTTP serves health only. */
exitOnStartupFailure(
  (async () => {
    startTracing('embedder');
    const config = loadEmbedderConfig();
    const logger = createLogger('embedder', config.LOG_LEVEL);
    await startHttpApp(EmbedderModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
    });
  })(),
);
