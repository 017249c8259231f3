export * from './chunk-store';
export * from './document-indexing.service';
