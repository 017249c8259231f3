import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { createLogger } from '@tributary/observability';
import { ProblemDetailsFilter } from '../problem-details.filter';
import { GatewayMetrics } from './gateway-metrics.service';
import { recordRequestMetrics } from './request-metrics.middleware';

/** For tests: serves a compiled module on a free port with main.ts's request metrics and problem filter. */
export async function listenLikeMain(
  moduleRef: TestingModule,
): Promise<{ app: INestApplication; url: string }> {
  const app = moduleRef.createNestApplication({ logger: false });
  // First, before the body parser, as main.ts does.
  app.use(recordRequestMetrics(app.get(GatewayMetrics)));
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger('test', 'silent')));
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
