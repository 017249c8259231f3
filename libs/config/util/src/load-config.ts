import type { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates the environment against an app's schema before Nest starts, so a
 * bad setting stops the process with every problem named, not at first use.
 */
export function loadConfig<S extends z.ZodType>(
  app: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    app,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}
