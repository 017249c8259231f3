import type { Client } from '@elastic/elasticsearch';
import type { Redis } from 'ioredis';

/** Cumulative CPU time of one process, in ms; NaN when it cannot be read. */
export type CpuReader = () => Promise<number>;

/** CPU ms per process, by name: cumulative, or spent in a round. */
export type CpuTimes = Record<string, number>;

/**
 * Where the CPU goes: on a machine whose cores Elasticsearch, the gateway and
 * the load generator share, a path's throughput is bounded by the CPU time all
 * of them spend per request.
 */
export class CpuMeter {
  constructor(private readonly readers: Record<string, CpuReader>) {}

  async read(): Promise<CpuTimes> {
    const entries = await Promise.all(
      Object.entries(this.readers).map(
        async ([name, read]) => [name, await read().catch(() => NaN)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
}

export const cpuSince = (before: CpuTimes, after: CpuTimes): CpuTimes =>
  Object.fromEntries(Object.entries(after).map(([name, ms]) => [name, ms - (before[name] ?? NaN)]));

export function addCpu(a: CpuTimes, b: CpuTimes): CpuTimes {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return Object.fromEntries([...names].map((name) => [name, (a[name] ?? 0) + (b[name] ?? 0)]));
}

/** This process: the load generator, and for the direct path also the search service. */
export const thisProcessCpu: CpuReader = () => {
  const { user, system } = process.cpuUsage();
  return Promise.resolve((user + system) / 1000);
};

export const elasticsearchCpu =
  (es: Client): CpuReader =>
  async () => {
    const stats = await es.nodes.stats({ node_id: '_local', metric: 'process' });
    return Object.values(stats.nodes)[0]?.process?.cpu?.total_in_millis ?? NaN;
  };

/** A Node app's `process_cpu_seconds_total` from its Prometheus /metrics. */
export const prometheusProcessCpu =
  (baseUrl: string): CpuReader =>
  async () => {
    const text = await (await fetch(new URL('/metrics', baseUrl))).text();
    const seconds = /^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1];
    return seconds === undefined ? NaN : Number(seconds) * 1000;
  };

export const redisCpu =
  (redis: Redis): CpuReader =>
  async () => {
    const info = await redis.info('cpu');
    const seconds = (field: string) => Number(new RegExp(`^${field}:(\\S+)`, 'm').exec(info)?.[1] ?? NaN);
    return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
  };
