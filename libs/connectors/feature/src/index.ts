export * from './change-batch';
export * from './connector-run.service';
export * from './run-summary';
export * from './next-run';
export * from './push-ingest.service';
export * from './source-ownership';
