import { z } from 'zod';
import {
  elasticsearchSettings,
  httpSettings,
  kafkaSettings,
  loadConfig,
  logSettings,
} from '@tributary/config';
import { embeddingSettings } from '@tributary/embeddings';

export const embedderConfigSchema = z
  .object({
    ...kafkaSettings,
    ...elasticsearchSettings,
    ...embeddingSettings,
    ...httpSettings(3001),
    ...logSettings,
    KAFKA_GROUP_ID: z.string().min(1).default('tributary-embedder'),
    CHUNK_MAX_TOKENS: z.coerce.number().int().min(16).max(2048).default(350),
    CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).max(512).default(50),
    /** Attempts for an event that fails for a non-transient reason before it is dead-lettered. */
    MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** Changes embedded and written together: one embedding call and one bulk request per batch. */
    BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(64),
    /** Partitions this process works on at the same time. */
    PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(3),
  })
  .refine((config) => config.CHUNK_OVERLAP_TOKENS < config.CHUNK_MAX_TOKENS, {
    message: 'CHUNK_OVERLAP_TOKENS must be smaller than CHUNK_MAX_TOKENS',
    path: ['CHUNK_OVERLAP_TOKENS'],
  });

export type EmbedderConfig = z.infer<typeof embedderConfigSchema>;

export const EMBEDDER_CONFIG = Symbol('EMBEDDER_CONFIG');

export const loadEmbedderConfig = () => loadConfig('embedder', embedderConfigSchema);
