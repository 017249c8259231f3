import type { Redis } from 'ioredis';

/** How often an instance runs: one pass, every N seconds, or on a cron expression. */
export type ConnectorSchedule =
  { kind: 'once' } | { kind: 'interval'; seconds: number } | { kind: 'cron'; expression: string };

/** The outcome of an instance's last finished pass. */
export interface ConnectorRunRecord {
  startedAt: string;
  finishedAt: string;
  seen: number;
  changed: number;
  deleted: number;
  failed: number;
  /** Set when the mass-delete guard held deletions back. */
  refusedDeletes?: number;
  /** Set when the pass itself failed (source, Kafka or Redis unreachable). */
  error?: string;
}

/** Counts of the pass in progress, written by the runner as it goes (at most every 2 s). */
export interface ConnectorCurrentRun {
  startedAt: string;
  seen: number;
  changed: number;
  deleted: number;
  failed: number;
}

/** An operator's request to start a pass now instead of at the next scheduled time. */
export interface ConnectorRunRequest {
  requestedAt: string;
  requestedBy: string;
}

/** A connector instance as operators see it: what it is, how it runs, how it last ran. */
export interface ConnectorInstance {
  source: string;
  /** The tenant owning the source; absent for instances registered before tenants. */
  tenant?: string;
  kind: string;
  schedule: ConnectorSchedule;
  /** The instance's settings, secrets removed. */
  settings: Record<string, string | number | boolean | string[]>;
  registeredAt: string;
  /** The process running it now, if any (host:pid). */
  runningOn?: string;
  nextRunAt?: string;
  /** Set while a pass is in progress. */
  currentRun?: ConnectorCurrentRun;
  lastRun?: ConnectorRunRecord;
}

const TAKE_IF_UNCHANGED = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0`;

/** Connector instances in one Redis hash: source -> JSON. Written by the runner, read by `connector list`. */
export class ConnectorRegistryRepository {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'tributary:connectors',
  ) {}

  async register(instance: Omit<ConnectorInstance, 'lastRun'>): Promise<void> {
    const previous = await this.get(instance.source);
    await this.save({ ...instance, ...(previous?.lastRun ? { lastRun: previous.lastRun } : {}) });
  }

  async update(source: string, patch: Partial<ConnectorInstance>): Promise<void> {
    const current = await this.get(source);
    if (current) await this.save({ ...current, ...patch });
  }

  async get(source: string): Promise<ConnectorInstance | undefined> {
    const stored = await this.redis.hget(this.key, source);
    return stored ? (JSON.parse(stored) as ConnectorInstance) : undefined;
  }

  async list(): Promise<ConnectorInstance[]> {
    const stored = await this.redis.hgetall(this.key);
    return Object.values(stored)
      .map((value) => JSON.parse(value) as ConnectorInstance)
      .sort((a, b) => a.source.localeCompare(b.source));
  }

  /**
   * Asks the runner of `source` to start a pass now. Kept apart from the
   * instance record (which the runner rewrites) so neither write loses the
   * other. False when no such instance is registered.
   */
  async requestRun(source: string, requestedBy: string): Promise<boolean> {
    if (!(await this.get(source))) return false;
    const request: ConnectorRunRequest = { requestedAt: new Date().toISOString(), requestedBy };
    await this.redis.hset(this.requestsKey, source, JSON.stringify(request));
    return true;
  }

  /** The waiting run-now request of `source`, if any. */
  async runRequest(source: string): Promise<ConnectorRunRequest | undefined> {
    const stored = await this.redis.hget(this.requestsKey, source);
    return stored ? (JSON.parse(stored) as ConnectorRunRequest) : undefined;
  }

  /** Every waiting run-now request, by source. */
  async runRequests(): Promise<Map<string, ConnectorRunRequest>> {
    const stored = await this.redis.hgetall(this.requestsKey);
    return new Map(Object.entries(stored).map(([source, value]) => [source, JSON.parse(value)]));
  }

  /** Removes and returns the waiting request of `source` (the runner, as it starts the pass). */
  async takeRunRequest(source: string): Promise<ConnectorRunRequest | undefined> {
    const stored = await this.redis.hget(this.requestsKey, source);
    if (!stored) return undefined;
    // Deleted only if unchanged, so a request made meanwhile is not swallowed by an older one.
    const taken = await this.redis.eval(TAKE_IF_UNCHANGED, 1, this.requestsKey, source, stored);
    return taken === 1 ? (JSON.parse(stored) as ConnectorRunRequest) : undefined;
  }

  private get requestsKey(): string {
    return `${this.key}:run-requests`;
  }

  private async save(instance: ConnectorInstance): Promise<void> {
    await this.redis.hset(this.key, instance.source, JSON.stringify(instance));
  }
}
