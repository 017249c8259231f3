export * from './counted-dead-letter.producer';
export * from './embedder-metrics';
export * from './metered-indexing';
export * from './metered-ports';
