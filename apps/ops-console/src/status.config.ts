import { z } from 'zod';
import { loadConfig } from '@tributary/config';
import { operationsSettings } from './operations.settings';

/** `tributary status`: the same settings as the console (console.config.ts), so both show one deployment. */
export const statusConfigSchema = z.object(operationsSettings);

export type StatusConfig = z.infer<typeof statusConfigSchema>;

export const loadStatusConfig = () => loadConfig('tributary status', statusConfigSchema);
