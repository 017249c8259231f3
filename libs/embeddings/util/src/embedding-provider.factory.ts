import { join } from 'node:path';
import type { EmbeddingProvider } from './embedding-provider';
import { parseEmbeddingModelId } from './embedding-model-id';
import { HashingEmbeddingProvider } from './hashing-embedding.provider';
import { LocalOnnxEmbeddingProvider } from './local/local-onnx.provider';
import { OpenAiCompatibleEmbeddingProvider } from './openai';

/** The settings any service needs to build the provider of any model id (see common-settings). */
export interface EmbeddingSettings {
  EMBEDDING_MODELS_DIR: string;
  EMBEDDING_BATCH_SIZE: number;
  EMBEDDING_THREADS: number;
  EMBEDDING_API_URL?: string;
  EMBEDDING_API_KEY?: string;
  EMBEDDING_API_STYLE: 'bearer' | 'azure';
  EMBEDDING_API_VERSION?: string;
  EMBEDDING_API_DIMENSIONS?: number;
}

/** Builds (and for a model, loads) the provider a model id names. */
export async function openEmbeddingProvider(
  modelId: string,
  settings: EmbeddingSettings,
): Promise<EmbeddingProvider> {
  const spec = parseEmbeddingModelId(modelId);
  switch (spec.kind) {
    case 'hashing':
      return new HashingEmbeddingProvider(spec.dimensions);
    case 'local':
      return LocalOnnxEmbeddingProvider.open(join(settings.EMBEDDING_MODELS_DIR, spec.name), {
        batchSize: settings.EMBEDDING_BATCH_SIZE,
        threads: settings.EMBEDDING_THREADS,
      });
    case 'openai':
      if (!settings.EMBEDDING_API_URL)
        throw new Error(
          `model ${modelId} needs EMBEDDING_API_URL (the API's base URL, e.g. https://api.openai.com/v1)`,
        );
      return OpenAiCompatibleEmbeddingProvider.open({
        baseUrl: settings.EMBEDDING_API_URL,
        apiKey: settings.EMBEDDING_API_KEY,
        model: spec.model,
        dimensions: settings.EMBEDDING_API_DIMENSIONS,
        headers: settings.EMBEDDING_API_STYLE,
        apiVersion: settings.EMBEDDING_API_VERSION,
      });
  }
}
