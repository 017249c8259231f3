import { FineTuneCancelledError } from './fine-tune.errors';
import { InMemoryRunControl } from './run-control.fake';
import { RunGuard, type RunControl } from './run-guard';

const LEASE_MS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('RunGuard', () => {
  const guards: RunGuard[] = [];
  const acquire = async (control: RunControl, runId = 'run-1') => {
    const guard = await RunGuard.acquire(control, 'support', runId, LEASE_MS);
    if (guard) guards.push(guard);
    return guard;
  };

  afterEach(async () => {
    await Promise.all(guards.splice(0).map((guard) => guard.release()));
  });

  it("takes a free plan's lease for the run", async () => {
    const control = new InMemoryRunControl();
    expect(await acquire(control)).toBeInstanceOf(RunGuard);
    expect(control.leases.get('support')).toBe('run-1');
  });

  it('gives no guard while another run holds the plan, and leaves that lease alone', async () => {
    const control = new InMemoryRunControl();
    control.leases.set('support', 'run-0');
    expect(await acquire(control)).toBeUndefined();
    expect(control.leases.get('support')).toBe('run-0');
  });

  it('lets a retry of the same run take over its own lease', async () => {
    const control = new InMemoryRunControl();
    control.leases.set('support', 'run-1');
    expect(await acquire(control)).toBeInstanceOf(RunGuard);
    expect(control.extensions).toBeGreaterThan(0);
  });

  it('passes check() while no one asked to cancel', async () => {
    const guard = await acquire(new InMemoryRunControl());
    await expect(guard!.check()).resolves.toBeUndefined();
    expect(guard!.stopReason()).toBeUndefined();
  });

  it('throws FineTuneCancelledError from check() once the cancel flag is raised, and keeps throwing', async () => {
    const control = new InMemoryRunControl();
    const guard = await acquire(control);
    control.cancels.set('run-1', 'cancelled by ops');

    await expect(guard!.check()).rejects.toThrow(new FineTuneCancelledError('cancelled by ops'));
    control.cancels.delete('run-1');
    await expect(guard!.check()).rejects.toBeInstanceOf(FineTuneCancelledError);
    expect(guard!.stopReason()).toBe('cancelled by ops');
  });

  it('keeps renewing the lease while the run goes on', async () => {
    const control = new InMemoryRunControl();
    const guard = await acquire(control);
    const before = control.extensions;
    await waitUntil(() => control.extensions >= before + 2);
    expect(guard!.stopReason()).toBeUndefined();
  });

  it('notices a cancel flag between checks, for the training loop to read', async () => {
    const control = new InMemoryRunControl();
    const guard = await acquire(control);
    control.cancels.set('run-1', 'cancelled by ops');
    await waitUntil(() => guard!.stopReason() !== undefined);
    expect(guard!.stopReason()).toBe('cancelled by ops');
  });

  it('sets a stop reason when the lease is lost to another run', async () => {
    const control = new InMemoryRunControl();
    const guard = await acquire(control);
    control.leases.set('support', 'run-2');

    await waitUntil(() => guard!.stopReason() !== undefined);

    expect(guard!.stopReason()).toBe('the plan lease lapsed and another run may hold it');
    await expect(guard!.check()).rejects.toBeInstanceOf(FineTuneCancelledError);
  });

  it('rides out renewals that fail to reach the store', async () => {
    const control = new InMemoryRunControl();
    const guard = await acquire(control);
    control.failExtends = true;
    await sleep(LEASE_MS * 2);
    expect(guard!.stopReason()).toBeUndefined();
    control.failExtends = false;
    const before = control.extensions;
    await waitUntil(() => control.extensions > before);
    expect(guard!.stopReason()).toBeUndefined();
  });

  it('frees the plan on release and stops renewing', async () => {
    const control = new InMemoryRunControl();
    const guard = (await acquire(control))!;
    await guard.release();
    const after = control.extensions;

    await sleep(LEASE_MS * 2);

    expect(control.leases.has('support')).toBe(false);
    expect(control.extensions).toBe(after);
  });

  it('does not free a lease another run took over when releasing', async () => {
    const control = new InMemoryRunControl();
    const guard = (await acquire(control))!;
    control.leases.set('support', 'run-2');
    await guard.release();
    expect(control.leases.get('support')).toBe('run-2');
  });
});
