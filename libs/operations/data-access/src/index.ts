export * from './checkpoint-count.reader';
export * from './queue-overview.reader';
