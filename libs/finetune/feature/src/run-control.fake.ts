// An in-memory RunControl for unit tests: plan leases and cancel flags as RunControlRepository keeps them.
import type { RunControl } from './run-guard';

export class InMemoryRunControl implements RunControl {
  readonly leases = new Map<string, string>();
  readonly cancels = new Map<string, string>();
  extensions = 0;
  /** While true, extend() throws as a Redis call would when the server is away. */
  failExtends = false;

  async acquire(plan: string, runId: string): Promise<boolean> {
    if (this.leases.has(plan)) return false;
    this.leases.set(plan, runId);
    return true;
  }

  async extend(plan: string, runId: string): Promise<boolean> {
    if (this.failExtends) throw new Error('redis unavailable');
    this.extensions++;
    return this.leases.get(plan) === runId;
  }

  async release(plan: string, runId: string): Promise<void> {
    if (this.leases.get(plan) === runId) this.leases.delete(plan);
  }

  async holder(plan: string): Promise<string | undefined> {
    return this.leases.get(plan);
  }

  async cancelRequested(runId: string): Promise<string | undefined> {
    return this.cancels.get(runId);
  }
}
