export * from './gateway-metrics.module';
export * from './gateway-metrics.service';
export * from './request-metrics.middleware';
