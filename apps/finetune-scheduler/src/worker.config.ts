import { z } from 'zod';
import {
  elasticsearchSettings,
  finetuneSettings,
  httpSettings,
  loadConfig,
  logSettings,
  redisSettings,
} from '@tributary/config';
import { embeddingSettings } from '@tributary/embeddings';

/** The worker process: runs fine-tune jobs from the queue, one at a time. */
export const workerConfigSchema = z
  .object({
    ...redisSettings,
    ...elasticsearchSettings,
    ...finetuneSettings,
    ...embeddingSettings,
    ...httpSettings(3003),
    ...logSettings,
    /** The OpenAI-compatible fine-tuning API for `openai-chat` plans; unset, such plans fail with that reason. */
    FINETUNE_API_URL: z.url().optional(),
    /** Secret. */
    FINETUNE_API_KEY: z.string().optional(),
    /**
     * How long a run's BullMQ lock lasts without renewal: after a worker dies, its
     * run is retried by another worker within about twice this.
     */
    FINETUNE_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
    /** Between polls of a remote fine-tuning job. */
    FINETUNE_POLL_MS: z.coerce.number().int().min(100).default(10_000),
  })
  .refine((config) => !config.FINETUNE_API_URL || config.FINETUNE_API_KEY, {
    path: ['FINETUNE_API_KEY'],
    message: 'FINETUNE_API_URL is set: the fine-tuning API needs its key too',
  });

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const loadWorkerConfig = () => loadConfig('finetune-worker', workerConfigSchema);
