import { z } from 'zod';
import {
  elasticsearchSettings,
  finetuneSettings,
  httpSettings,
  kafkaSettings,
  loadConfig,
  logSettings,
  redisSettings,
} from '@tributary/config';
import { embeddingSettings } from '@tributary/embeddings';

export const gatewayConfigSchema = z.object({
  ...elasticsearchSettings,
  ...embeddingSettings,
  ...kafkaSettings,
  ...redisSettings,
  ...httpSettings(3000),
  ...logSettings,
  /** Largest accepted request body; larger ones get 413. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  /** Largest accepted POST /v1/ingest body: one document at the contract's 4 MiB limit, JSON-escaped, fits. */
  INGEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** The registry whose live query adapter the gateway applies (the fine-tune scheduler's). */
  MODEL_REGISTRY_INDEX: finetuneSettings.MODEL_REGISTRY_INDEX,
  /** How often the gateway re-reads which query adapter is live: a promotion or rollback applies within this. */
  ADAPTER_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  RRF_K: z.coerce.number().int().min(1).max(1000).default(60),
  /** Requests per minute for an API key that sets no rate limit of its own (burst: 10 s worth). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = () => loadConfig('query-gateway', gatewayConfigSchema);

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
