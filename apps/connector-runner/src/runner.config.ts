import { z } from 'zod';
import {
  elasticsearchSettings,
  kafkaSettings,
  loadConfig,
  logSettings,
  redisSettings,
} from '@tributary/config';
import { embeddingSettings } from '@tributary/embeddings';

export const runnerConfigSchema = z.object({
  ...kafkaSettings,
  ...redisSettings,
  ...elasticsearchSettings,
  ...embeddingSettings,
  ...logSettings,
  // The CLI prints its own summary; service logs stay quiet unless asked for.
  LOG_LEVEL: logSettings.LOG_LEVEL.default('error'),
  /** Touched while the runner makes progress or waits; container health checks read its age. */
  HEARTBEAT_FILE: z.string().min(1).optional(),
  /** `connector run` serves /metrics and /healthz on this port; unset, it serves nothing. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
});

export type RunnerConfig = z.infer<typeof runnerConfigSchema>;

export const loadRunnerConfig = () => loadConfig('connector-runner', runnerConfigSchema);

export const RUNNER_CONFIG = Symbol('RUNNER_CONFIG');
export const RUNNER_LOGGER = Symbol('RUNNER_LOGGER');
