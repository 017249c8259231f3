import 'reflect-metadata';
import { FineTuneQueue } from '@tributary/finetune-data-access';
import { createLogger, exitOnStartupFailure, startHttpApp, startTracing } from '@tributary/observability';
import { OperatorAuthService } from './auth/operator-auth.service';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';
import { ASSETS_DIR } from './page.files';
import { mountQueuesBoard } from './queues.board';

/** Bodies are a reason or a model slot; nothing an operator sends is larger. */
const BODY_LIMIT = '16kb';

/** The operators' console: one page over every domain, its JSON API, bull-board and /metrics, behind a login. */
exitOnStartupFailure(
  (async () => {
    startTracing('ops-console');
    const config = loadConsoleConfig();
    const logger = createLogger('ops-console', config.LOG_LEVEL);
    await startHttpApp(ConsoleModule.register(config, logger), {
      port: config.PORT,
      host: config.HOST,
      logger,
      configure: (app) => {
        app.useBodyParser('json', { limit: BODY_LIMIT });
        app.useStaticAssets(ASSETS_DIR, { prefix: '/assets/', index: false, maxAge: 0 });
        mountQueuesBoard(app, [app.get(FineTuneQueue).queue], app.get(OperatorAuthService), logger);
      },
    });
  })(),
);
