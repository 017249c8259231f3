export * from './connector-run.service';
