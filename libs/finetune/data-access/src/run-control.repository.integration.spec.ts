import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { realServices, uniqueName } from '@tributary/testing';
import { RunControlRepository } from './run-control.repository';

const LEASE_MS = 60_000;

describe('RunControlRepository (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let control: RunControlRepository;

  beforeAll(() => {
    redis = new Redis(realServices.redisUrl);
  });
  beforeEach(() => {
    prefix = uniqueName('it-finetune');
    control = new RunControlRepository(redis, prefix);
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  it('gives a plan lease to one run at a time: a second acquire fails while it is held', async () => {
    expect(await control.holder('adapters')).toBeUndefined();
    expect(await control.acquire('adapters', 'run-1', LEASE_MS)).toBe(true);
    expect(await control.acquire('adapters', 'run-2', LEASE_MS)).toBe(false);
    expect(await control.acquire('adapters', 'run-1', LEASE_MS)).toBe(false);
    expect(await control.holder('adapters')).toBe('run-1');
    // Leases are per plan.
    expect(await control.acquire('chat', 'run-2', LEASE_MS)).toBe(true);
  });

  it('extends the lease only for its holder', async () => {
    await control.acquire('adapters', 'run-1', 1_000);
    expect(await control.extend('adapters', 'run-2', LEASE_MS)).toBe(false);
    expect(await redis.pttl(`${prefix}:lock:adapters`)).toBeLessThanOrEqual(1_000);

    expect(await control.extend('adapters', 'run-1', LEASE_MS)).toBe(true);
    expect(await redis.pttl(`${prefix}:lock:adapters`)).toBeGreaterThan(1_000);
    expect(await control.holder('adapters')).toBe('run-1');
  });

  it('releases the lease only for its holder, after which another run may take it', async () => {
    await control.acquire('adapters', 'run-1', LEASE_MS);
    await control.release('adapters', 'run-2');
    expect(await control.holder('adapters')).toBe('run-1');

    await control.release('adapters', 'run-1');
    expect(await control.holder('adapters')).toBeUndefined();
    expect(await control.acquire('adapters', 'run-2', LEASE_MS)).toBe(true);
  });

  it('lets a lease lapse after its TTL: the next run takes it and the lapsed run can neither extend nor release it', async () => {
    expect(await control.acquire('adapters', 'run-1', 150)).toBe(true);
    await sleep(300);
    expect(await control.holder('adapters')).toBeUndefined();
    expect(await control.extend('adapters', 'run-1', LEASE_MS)).toBe(false);

    expect(await control.acquire('adapters', 'run-2', LEASE_MS)).toBe(true);
    expect(await control.extend('adapters', 'run-1', LEASE_MS)).toBe(false);
    await control.release('adapters', 'run-1');
    expect(await control.holder('adapters')).toBe('run-2');
  });

  it('raises a cancel flag with its reason, per run, that expires on its own', async () => {
    expect(await control.cancelRequested('run-1')).toBeUndefined();
    await control.requestCancel('run-1', 'operator alice');
    expect(await control.cancelRequested('run-1')).toBe('operator alice');
    expect(await control.cancelRequested('run-2')).toBeUndefined();
    expect(await redis.ttl(`${prefix}:cancel:run-1`)).toBeGreaterThan(0);

    // Another process (its own connection) sees the flag.
    const other = new Redis(realServices.redisUrl);
    try {
      expect(await new RunControlRepository(other, prefix).cancelRequested('run-1')).toBe('operator alice');
    } finally {
      await other.quit();
    }
  });
});
