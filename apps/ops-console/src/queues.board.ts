import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@tributary/observability';
import { ConsoleAuthError } from './auth/console-auth.errors';
import type { OperatorAuthService } from './auth/operator-auth.service';
import { sessionTokenOf } from './auth/session-cookie';

export const QUEUES_PATH = '/queues';

/**
 * bull-board at /queues (jobs, retry, remove) behind the console's login. It is
 * an Express router outside Nest's routing, so it gets its own check: a page
 * without a login redirects to the form, its API answers 401; every change it
 * makes is logged with the operator's name.
 */
export function mountQueuesBoard(
  app: NestExpressApplication,
  queues: readonly Queue[],
  auth: OperatorAuthService,
  logger: Logger,
): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Tributary queues' } },
  });
  app.use(QUEUES_PATH, requireOperator(auth, logger), serverAdapter.getRouter());
}

function requireOperator(auth: OperatorAuthService, logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    auth
      .authenticate({
        authorization: request.headers.authorization,
        sessionToken: sessionTokenOf(request.headers.cookie),
      })
      .then((operator) => {
        if (request.method !== 'GET' && request.method !== 'HEAD')
          logger.info(
            {
              operator: operator.name,
              keyId: operator.keyId,
              via: operator.via,
              method: request.method,
              path: request.originalUrl,
            },
            'queue action',
          );
        next();
      })
      .catch((error: unknown) => {
        const status = error instanceof ConsoleAuthError ? error.status : 500;
        if (status === 500) logger.error({ err: error }, 'queue board authentication failed');
        const page = request.method === 'GET' && !request.path.startsWith('/api');
        if (page && (status === 401 || status === 403)) return response.redirect(302, '/login');
        response
          .status(status)
          .type('application/problem+json')
          .json({
            title: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Error',
            status,
            detail:
              error instanceof ConsoleAuthError
                ? error.message
                : 'the console failed; the log has the details',
            instance: request.originalUrl,
          });
      });
  };
}
