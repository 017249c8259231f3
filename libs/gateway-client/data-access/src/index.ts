export * from './retry-after';
export * from './tributary-api.errors';
export * from './tributary.client';
