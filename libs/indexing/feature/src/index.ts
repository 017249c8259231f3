export * from './chunk-store';
export * from './document-indexing.service';
export type { IndexingOutcome } from './batch-plan';
export * from './write-targets';
export * from './migration';
