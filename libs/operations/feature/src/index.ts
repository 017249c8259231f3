export * from './operations.errors';
export * from './operations.factory';
export * from './operations.limits';
export * from './operations.ports';
export * from './operations.service';
