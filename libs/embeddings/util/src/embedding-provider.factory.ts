import type { EmbeddingProvider } from './embedding-provider';
import { HashingEmbeddingProvider } from './hashing-embedding.provider';

export interface EmbeddingProviderConfig {
  EMBEDDING_PROVIDER: 'hashing';
  EMBEDDING_DIMENSIONS: number;
}

/** The embedder and the gateway build their provider from the same settings, so queries match the index. */
export function createEmbeddingProvider(config: EmbeddingProviderConfig): EmbeddingProvider {
  switch (config.EMBEDDING_PROVIDER) {
    case 'hashing':
      return new HashingEmbeddingProvider(config.EMBEDDING_DIMENSIONS);
  }
}
