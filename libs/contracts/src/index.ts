export * from './api-key.v1';
export * from './contract-error';
export * from './dead-letter-handled.v1';
export * from './document-change.v1';
export * from './index-names';
export * from './ingest.v1';
export * from './search.v1';
export * from './topics';
