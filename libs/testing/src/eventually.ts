/**
 * Retries an async assertion until it passes or the time runs out, then
 * rethrows its last failure: for effects that become visible asynchronously.
 */
export async function eventually<T>(
  assertion: () => Promise<T>,
  { timeoutMs = 30_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
