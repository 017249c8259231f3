export * from './index-comparison';
export * from './index-migration';
