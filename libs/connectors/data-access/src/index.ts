export * from './checkpoint.repository';
export * from './filesystem.connector';
export * from './source-connector';
export * from './text-extraction';
export * from './path-filter';
export * from './pdf-extraction';
export * from './connector-registry.repository';
