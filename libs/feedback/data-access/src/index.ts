export * from './feedback.repository';
export * from './query-log.repository';
