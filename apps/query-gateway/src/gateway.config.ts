import { z } from 'zod';
import {
  elasticsearchSettings,
  embeddingSettings,
  httpSettings,
  loadConfig,
  logSettings,
} from '@tributary/config';

export const gatewayConfigSchema = z.object({
  ...elasticsearchSettings,
  ...embeddingSettings,
  ...httpSettings(3000),
  ...logSettings,
  /** Largest accepted request body; larger ones get 413. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  RRF_K: z.coerce.number().int().min(1).max(1000).default(60),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = () => loadConfig('query-gateway', gatewayConfigSchema);
