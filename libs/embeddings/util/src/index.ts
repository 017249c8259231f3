export * from './embedding-provider';
export * from './hashing-embedding.provider';
export * from './embedding-provider.factory';
