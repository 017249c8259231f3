/** One dependency's readiness check, as reported by /readyz. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/** Runs every indicator concurrently, each bounded by a timeout. */
export async function checkReadiness(
  indicators: readonly HealthIndicator[],
  timeoutMs = 2000,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    indicators.map(async (indicator) => {
      try {
        await withTimeout(
          indicator.check(),
          timeoutMs,
          `${indicator.name} did not answer within ${timeoutMs}ms`,
        );
        return [indicator.name, { status: 'up' as const }] as const;
      } catch (error) {
        return [indicator.name, { status: 'down' as const, error: (error as Error).message }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const ready = results.every(([, result]) => result.status === 'up');
  return { status: ready ? 'ready' : 'not-ready', checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
