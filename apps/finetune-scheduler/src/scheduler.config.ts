import { z } from 'zod';
import {
  elasticsearchSettings,
  finetuneSettings,
  httpSettings,
  loadConfig,
  logSettings,
  redisSettings,
} from '@tributary/config';

/** The scheduler process: plans, their BullMQ schedules and the operators' API. It runs no job itself. */
export const schedulerConfigSchema = z.object({
  ...redisSettings,
  ...elasticsearchSettings,
  ...finetuneSettings,
  ...httpSettings(3002),
  ...logSettings,
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

export const loadSchedulerConfig = () => loadConfig('finetune-scheduler', schedulerConfigSchema);
