import { FineTuneCancelledError } from './fine-tune.errors';

/** The plan's lease and the cancel flag (RunControlRepository). */
export interface RunControl {
  acquire(plan: string, runId: string, ttlMs: number): Promise<boolean>;
  extend(plan: string, runId: string, ttlMs: number): Promise<boolean>;
  release(plan: string, runId: string): Promise<void>;
  holder(plan: string): Promise<string | undefined>;
  cancelRequested(runId: string): Promise<string | undefined>;
}

/** A lapsed lease frees the plan this long after its worker died. */
export const RUN_LEASE_MS = 30_000;

/**
 * Holds a plan's lease for one run and watches for cancellation: it renews the
 * lease and reads the cancel flag every third of the lease, so the synchronous
 * training loop can ask `stopReason()` without a round trip per batch.
 */
export class RunGuard {
  private timer?: NodeJS.Timeout;
  private reason?: string;

  private constructor(
    private readonly control: RunControl,
    private readonly plan: string,
    private readonly runId: string,
    private readonly leaseMs: number,
  ) {}

  /**
   * The guard, or undefined when another run holds the plan. A retry of the same
   * run (its worker crashed) takes over its own lease at once.
   */
  static async acquire(control: RunControl, plan: string, runId: string, leaseMs = RUN_LEASE_MS) {
    const taken =
      (await control.acquire(plan, runId, leaseMs)) ||
      ((await control.holder(plan)) === runId && (await control.extend(plan, runId, leaseMs)));
    if (!taken) return undefined;
    const guard = new RunGuard(control, plan, runId, leaseMs);
    guard.timer = setInterval(() => void guard.renew(), Math.max(leaseMs / 3, 50));
    return guard;
  }

  stopReason(): string | undefined {
    return this.reason;
  }

  /** Throws when the run should stop; called between stages. */
  async check(): Promise<void> {
    this.reason ??= await this.control.cancelRequested(this.runId);
    if (this.reason) throw new FineTuneCancelledError(this.reason);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.control.release(this.plan, this.runId);
  }

  private async renew(): Promise<void> {
    try {
      if (!(await this.control.extend(this.plan, this.runId, this.leaseMs)))
        this.reason ??= 'the plan lease lapsed and another run may hold it';
      this.reason ??= await this.control.cancelRequested(this.runId);
    } catch {
      // Redis away for a moment: the next renewal tries again; the lease outlives two misses.
    }
  }
}
