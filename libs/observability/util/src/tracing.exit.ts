// Exports the last spans before the process ends, without changing how it ends.

/** A flush on the way out waits at most this long: a collector that is down must not hold a shutdown. */
export const EXIT_FLUSH_TIMEOUT_MS = 5000;

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Runs `flush` once when the process is about to end, and returns the undo.
 *
 * - Ending on its own (a CLI's last await): on `beforeExit`, which allows async work.
 * - A signal with another listener (Nest's shutdown hooks, the connector's stop):
 *   that listener owns the shutdown; Nest re-raises the signal when it has closed
 *   the app, and by then this is the only listener left, so the spans ended during
 *   the shutdown are flushed before the signal is raised again and kills the process.
 * - A signal nobody else handles: flush, then re-raise it, so the exit status stays a signal's.
 *
 * Registered before the app's own listeners (startTracing runs first in main), so on the
 * first signal this runs while the app's listener is still attached.
 */
/** The part of `process` this needs; tests pass an emitter of their own. */
export type ExitingProcess = Pick<NodeJS.Process, 'on' | 'off' | 'listeners' | 'kill' | 'pid'>;

export function flushOnExit(
  flush: () => Promise<void>,
  timeoutMs = EXIT_FLUSH_TIMEOUT_MS,
  target: ExitingProcess = process,
): () => void {
  let flushed: Promise<void> | undefined;
  const flushOnce = () =>
    (flushed ??= Promise.race([
      flush().catch(() => undefined),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]));
  const onBeforeExit = () => void flushOnce();
  const onSignal = (signal: NodeJS.Signals) => {
    if (target.listeners(signal).some((listener) => listener !== onSignal)) return;
    undo();
    void flushOnce().then(() => target.kill(target.pid, signal));
  };
  const undo = () => {
    target.off('beforeExit', onBeforeExit);
    for (const signal of SIGNALS) target.off(signal, onSignal);
  };
  target.on('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) target.on(signal, onSignal);
  return undo;
}
