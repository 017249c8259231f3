export * from './dead-letter-counting';
export * from './embedder-metrics';
export * from './metered-indexing';
export * from './metered-ports';
