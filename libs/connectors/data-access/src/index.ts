export * from './checkpoint.repository';
export * from './filesystem.connector';
export * from './source-connector';
export * from './text-extraction';
