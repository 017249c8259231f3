import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isEmbeddingModelId } from './embedding-model-id';

/** The embedding settings of the services that embed (embedder, gateway, CLI): see EmbeddingSettings. */
export const embeddingSettings = {
  /**
   * Model id of a new chunks index: local:<name>, openai:<model>, or the
   * hashing-placeholder-v2-<dims> fallback. An existing index keeps the model it
   * was built with; `tributary index migrate` changes it.
   */
  EMBEDDING_MODEL: z
    .string()
    .default('local:bge-small-en-v1.5')
    .refine(
      isEmbeddingModelId,
      'expected local:<name>, openai:<model> or hashing-placeholder-v2-<dimensions>',
    ),
  /**
   * How long a service trusts what it read of the chunk index aliases: a
   * migration's swap or rollback reaches every service within this.
   */
  INDEX_ALIAS_TTL_MS: z.coerce.number().int().min(100).max(10_000).default(1_000),
  /** Where local models live (tools/models/fetch-model.sh puts them here). */
  EMBEDDING_MODELS_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.cache', 'tributary', 'models')),
  /**
   * Texts per local inference call. ONNX Runtime's run holds the event loop for
   * the whole call: 32 texts of 512 tokens held it 6.6 s on two cores, long
   * enough for health checks and job-lock renewals to time out; 8 hold it 1.8 s
   * at the same throughput (measured, 64 long texts: 12.9 s against 13.1 s).
   */
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(8),
  /** ONNX Runtime threads for a local model; 0 means one per core. */
  EMBEDDING_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /** Base URL of an OpenAI-compatible embeddings API (…/v1), for openai:<model> ids. */
  EMBEDDING_API_URL: z.url().optional(),
  /** Secret: the API's key, if it needs one. */
  EMBEDDING_API_KEY: z.string().optional(),
  /** bearer (OpenAI, Ollama, vLLM, TEI) or azure (api-key header and api-version). */
  EMBEDDING_API_STYLE: z.enum(['bearer', 'azure']).default('bearer'),
  EMBEDDING_API_VERSION: z.string().optional(),
  /** Ask the API for vectors of this size (models that support shortening). */
  EMBEDDING_API_DIMENSIONS: z.coerce.number().int().min(1).max(8192).optional(),
};
