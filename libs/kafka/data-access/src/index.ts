export * from './dead-letter.producer';
export * from './document-change.consumer';
export * from './document-change.producer';
export * from './kafka-client';
export * from './retry-policy';
export * from './topic-admin';
