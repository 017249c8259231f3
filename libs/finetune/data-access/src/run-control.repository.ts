import type { Redis } from 'ioredis';

const CANCEL_TTL_SECONDS = 7 * 24 * 3600;

// Deletes or extends the lock only while it still names this run, so a run whose
// lock lapsed can never release or keep the lock of the run that took it over.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

/**
 * What makes "one run per plan at a time" and cross-process cancellation hold:
 * a per-plan lease that the running worker keeps renewing (it lapses on its own
 * when the worker dies), and a cancel flag any process may raise.
 */
export class RunControlRepository {
  /** `prefix` is the deployment's FINETUNE_REDIS_PREFIX. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private lockKey(plan: string) {
    return `${this.prefix}:lock:${plan}`;
  }

  private cancelKey(runId: string) {
    return `${this.prefix}:cancel:${runId}`;
  }

  /** Takes the plan's lease for this run; false when another run holds it. */
  async acquire(plan: string, runId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.lockKey(plan), runId, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** False when the lease lapsed and is no longer this run's. */
  async extend(plan: string, runId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, this.lockKey(plan), runId, String(ttlMs))) === 1;
  }

  async release(plan: string, runId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.lockKey(plan), runId);
  }

  /** The run holding the plan's lease, if any. */
  async holder(plan: string): Promise<string | undefined> {
    return (await this.redis.get(this.lockKey(plan))) ?? undefined;
  }

  async requestCancel(runId: string, reason: string): Promise<void> {
    await this.redis.set(this.cancelKey(runId), reason, 'EX', CANCEL_TTL_SECONDS);
  }

  /** The reason given, when someone asked for the run to stop. */
  async cancelRequested(runId: string): Promise<string | undefined> {
    return (await this.redis.get(this.cancelKey(runId))) ?? undefined;
  }
}
