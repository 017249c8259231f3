import { ConfigError, loadConfig } from '@tributary/config';
import { embedderConfigSchema } from './embedder.config';

describe('embedder config', () => {
  it('runs on the local stack with no settings, embedding with the local model', () => {
    expect(loadConfig('embedder', embedderConfigSchema, {})).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
      KAFKA_GROUP_ID: 'tributary-embedder',
      EMBEDDING_MODEL: 'local:bge-small-en-v1.5',
      CHUNKS_ALIAS: 'tributary-chunks',
      PORT: 3001,
    });
  });

  it('refuses a chunk overlap that is not smaller than the chunk size', () => {
    expect(() =>
      loadConfig('embedder', embedderConfigSchema, { CHUNK_MAX_TOKENS: '50', CHUNK_OVERLAP_TOKENS: '50' }),
    ).toThrow(ConfigError);
  });

  it('refuses an embedding model id it cannot read', () => {
    expect(() => loadConfig('embedder', embedderConfigSchema, { EMBEDDING_MODEL: 'magic' })).toThrow(
      /EMBEDDING_MODEL.*local:<name>/s,
    );
  });
});
