import { Global, Module } from '@nestjs/common';
import { createMetricsRegistry, METRICS_REGISTRY, MetricsController } from '@tributary/observability';
import { GatewayMetrics } from './gateway-metrics.service';

/**
 * GET /metrics and the GatewayMetrics service, injectable anywhere in the app
 * (global: the search controller and the API key guard both record). Request
 * timing needs recordRequestMetrics registered in main.ts as well.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [{ provide: METRICS_REGISTRY, useFactory: createMetricsRegistry }, GatewayMetrics],
  exports: [GatewayMetrics],
})
export class GatewayMetricsModule {}
