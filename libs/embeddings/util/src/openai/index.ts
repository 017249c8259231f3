export * from './embedding-api-error';
export * from './openai-compatible.provider';
