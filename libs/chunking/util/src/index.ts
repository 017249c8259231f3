export * from './chunk-text';
