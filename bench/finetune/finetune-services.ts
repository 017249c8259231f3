// The fine-tune scheduler and worker as the bench runs them: real processes on
// the bench's index, with an admin key of their own for the operators' API.
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DEFAULT_TENANT, type FineTunePlanInputV1, type FineTuneRunV1 } from '@tributary/contracts';
import { createRedisClient } from '@tributary/redis';
import { eventually, realServices, startApp } from '@tributary/testing';

export interface FineTuneServices {
  putPlan(name: string, plan: Omit<FineTunePlanInputV1, 'name'>): Promise<void>;
  /** Triggers a run and waits for it to end, however it ends. */
  runToEnd(plan: string, timeoutMs: number): Promise<FineTuneRunV1>;
}

export async function withFineTuneServices<T>(
  options: { schedulerPort: number; workerPort: number; env: Record<string, string> },
  work: (services: FineTuneServices) => Promise<T>,
): Promise<T> {
  const redis = createRedisClient(realServices.redisUrl, 'command');
  const keys = new ApiKeyRepository(redis);
  const { key, record } = await keys.create({
    name: 'bench-finetune',
    tenant: DEFAULT_TENANT,
    scopes: ['admin'],
  });
  const env = { LOG_LEVEL: 'warn', ...options.env };
  const [scheduler, worker] = await Promise.all([
    startApp('apps/finetune-scheduler/src/main.ts', env, options.schedulerPort),
    startApp('apps/finetune-scheduler/src/worker.ts', env, options.workerPort),
  ]);
  const api = async <R>(method: string, path: string, body?: unknown): Promise<R> => {
    const response = await fetch(`${scheduler.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as R;
  };
  try {
    return await work({
      putPlan: async (name, plan) => void (await api('PUT', `/v1/finetune/plans/${name}`, plan)),
      runToEnd: async (plan, timeoutMs) => {
        const { runId } = await api<FineTuneRunV1>('POST', `/v1/finetune/plans/${plan}/runs`);
        let run: FineTuneRunV1 | undefined;
        await eventually(
          async () => {
            run = await api<FineTuneRunV1>('GET', `/v1/finetune/runs/${runId}`);
            if (!['succeeded', 'failed', 'cancelled', 'skipped'].includes(run.status))
              throw new Error(`run ${runId} is ${run.status}`);
          },
          { timeoutMs, intervalMs: 1_000 },
        );
        return run as FineTuneRunV1;
      },
    });
  } catch (error) {
    process.stderr.write(`--- worker output ---\n${worker.logs().slice(-4000)}\n`);
    throw error;
  } finally {
    await Promise.all([scheduler.stop(), worker.stop()]);
    await keys.revoke(record.id);
    await redis.quit();
  }
}
