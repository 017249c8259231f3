import { z } from 'zod';
import { httpSettings, loadConfig } from '@tributary/config';
import { operationsSettings, wholeNumber } from './operations.settings';

/** The operators' console: one page, its JSON API, bull-board and the lag sampler behind one login. */
export const consoleConfigSchema = z.object({
  ...operationsSettings,
  ...httpSettings(3004),
  /** How long a login lasts (12 h); logout ends it sooner. */
  CONSOLE_SESSION_TTL_S: wholeNumber(60, 7 * 24 * 3600, 12 * 3600),
  /** `true` behind TLS (production): the browser then sends the session cookie over HTTPS only. */
  CONSOLE_COOKIE_SECURE: z
    .enum(['true', 'false'], 'true or false')
    .default('false')
    .transform((value) => value === 'true'),
  /** Sessions and login rate limits live under this Redis key prefix. */
  CONSOLE_REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:_-]{0,100}$/, 'lowercase letters, digits, :, - and _')
    .default('tributary:console'),
  /** Login attempts per minute per client address (a burst of 10 s worth), refused ones included. */
  CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: wholeNumber(1, 1_000, 30),
  /** How often the lag sampler reads consumer lag, and how many samples each group's trend keeps. */
  LAG_SAMPLE_MS: wholeNumber(500, 300_000, 5_000),
  LAG_TREND_SAMPLES: wholeNumber(2, 10_000, 120),
  /** Dead letters listed in the overview (the pending count is always exact). */
  OVERVIEW_DEAD_LETTERS: wholeNumber(1, 1_000, 50),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const loadConsoleConfig = () => loadConfig('ops-console', consoleConfigSchema);
