export * from './health';
export * from './health.controller';
export * from './logger';
export * from './nest-logger';
export * from './http-app';
