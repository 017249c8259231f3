import { z } from 'zod';
import { httpSettings, loadConfig, logSettings, redisSettings } from '@tributary/config';

export const schedulerConfigSchema = z.object({
  ...redisSettings,
  ...httpSettings(3002),
  ...logSettings,
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

export const loadSchedulerConfig = () => loadConfig('finetune-scheduler', schedulerConfigSchema);
