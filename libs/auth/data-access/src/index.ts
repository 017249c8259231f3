export * from './api-key.format';
export * from './api-key.repository';
export * from './rate-limiter';
export * from './verified-api-key.cache';
export * from './tenant-settings.repository';
