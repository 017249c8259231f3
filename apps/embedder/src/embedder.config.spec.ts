import { ConfigError, loadConfig } from '@tributary/config';
import { embedderConfigSchema } from './embedder.config';

describe('embedder config', () => {
  it('runs on the local stack with no settings, using the placeholder hashing embedder', () => {
    expect(loadConfig('embedder', embedderConfigSchema, {})).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
      KAFKA_GROUP_ID: 'tributary-embedder',
      EMBEDDING_PROVIDER: 'hashing',
      PORT: 3001,
    });
  });

  it('refuses a chunk overlap that is not smaller than the chunk size', () => {
    expect(() =>
      loadConfig('embedder', embedderConfigSchema, { CHUNK_MAX_TOKENS: '50', CHUNK_OVERLAP_TOKENS: '50' }),
    ).toThrow(ConfigError);
  });

  it('refuses an embedding provider it does not know', () => {
    expect(() => loadConfig('embedder', embedderConfigSchema, { EMBEDDING_PROVIDER: 'magic' })).toThrow(
      /EMBEDDING_PROVIDER/,
    );
  });
});
