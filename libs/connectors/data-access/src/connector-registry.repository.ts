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
  lastRun?: ConnectorRunRecord;
}

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

  private async save(instance: ConnectorInstance): Promise<void> {
    await this.redis.hset(this.key, instance.source, JSON.stringify(instance));
  }
}
