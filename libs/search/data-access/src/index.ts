export * from './chunk-document';
export * from './chunk-index.mapping';
export * from './chunk-index.repository';
export * from './chunk-search.repository';
export * from './chunk.repository';
export * from './elasticsearch-client';
export * from './transient-errors';
export * from './document-state.repository';
