export * from './health';
export * from './health.controller';
export * from './logger';
export * from './nest-logger';
export * from './http-app';
export * from './metrics';
export * from './metrics.controller';
