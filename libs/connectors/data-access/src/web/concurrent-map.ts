type Settled<R> = { index: number; ok: true; result: R } | { index: number; ok: false; error: unknown };

/**
 * Runs `task` over `items` with at most `limit` running at once, yielding each
 * result with its item's index as soon as it settles. A rejected task rejects
 * the iteration; the tasks still running finish unobserved.
 */
export async function* mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): AsyncIterable<{ index: number; result: R }> {
  const running = new Map<number, Promise<Settled<R>>>();
  let next = 0;
  while (next < items.length || running.size > 0) {
    for (; running.size < limit && next < items.length; next++) {
      const index = next;
      running.set(
        index,
        task(items[index] as T).then(
          (result): Settled<R> => ({ index, ok: true, result }),
          (error: unknown): Settled<R> => ({ index, ok: false, error }),
        ),
      );
    }
    const settled = await Promise.race(running.values());
    running.delete(settled.index);
    if (!settled.ok) throw settled.error;
    yield { index: settled.index, result: settled.result };
  }
}
