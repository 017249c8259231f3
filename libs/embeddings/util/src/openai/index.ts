export * from './embedding-api-error';
export * from './openai-compatible.provider';
// Shared with the fine-tuning client, which retries the same way.
export * from './retry-policy';
