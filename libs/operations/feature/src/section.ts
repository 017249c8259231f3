import type { SectionV1 } from '@tributary/contracts';

export class SectionTimeoutError extends Error {
  override name = 'SectionTimeoutError';
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The work's result, or a SectionTimeoutError after `timeoutMs`. The work is
 * not cancelled (kafkajs and the ES client cannot be), only no longer awaited;
 * its late failure is swallowed so it never surfaces as an unhandled rejection.
 */
export async function withTimeout<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const running = Promise.resolve().then(work);
  running.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SectionTimeoutError(`${what} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One section of the overview: its value, or why it could not be read, never a thrown error. */
export async function readSection<T>(
  what: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<SectionV1<T>> {
  try {
    return { ok: true, value: await withTimeout(what, timeoutMs, work) };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}
