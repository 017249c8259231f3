import { setTimeout as sleep } from 'node:timers/promises';

/** Waits `ms`; when `signal` aborts first, rejects with the signal's reason (not Node's generic AbortError). */
export async function abortablePause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}
