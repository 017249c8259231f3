import { percentile, round } from '../ingest/stats';
import type { CpuTimes } from './cpu-meter';
import type { RoundResult } from './load';

export interface PathSummary {
  /** Successful requests the figures rest on. */
  requests: number;
  errors: number;
  /** Each error message and how often it came. */
  errorKinds: ReadonlyMap<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** Successful requests per second. */
  qps: number;
  /** CPU time each process spent per successful request. */
  cpuMsPerRequest: CpuTimes;
}

export interface LevelSummary {
  concurrency: number;
  direct: PathSummary;
  gateway: PathSummary;
}

// Targets from the issue; throughput is judged under load, latency overhead unloaded.
export const TARGETS = { p50OverheadMs: 2, throughputRatio: 0.9, throughputFromConcurrency: 16 } as const;

export function summarize(result: RoundResult, cpuMs: CpuTimes = {}): PathSummary {
  const requests = result.latenciesMs.length;
  return {
    requests,
    errors: result.errors,
    errorKinds: result.errorKinds,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    qps: requests / (result.elapsedMs / 1000),
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, ms / requests])),
  };
}

export const overheadMs = (level: LevelSummary, p: 'p50Ms' | 'p99Ms') => level.gateway[p] - level.direct[p];
export const throughputRatio = (level: LevelSummary) => level.gateway.qps / level.direct.qps;

/**
 * The headline figures: latency overhead at the lowest concurrency (where it is
 * the gateway's own cost, not queueing), throughput ratio at its worst over the
 * concurrencies the target applies to (all of them when none does).
 */
export function headline(levels: readonly LevelSummary[]) {
  const unloaded = [...levels].sort((a, b) => a.concurrency - b.concurrency)[0];
  if (!unloaded) throw new Error('no concurrency level was measured');
  const loaded = levels.filter((level) => level.concurrency >= TARGETS.throughputFromConcurrency);
  const ratio = Math.min(...(loaded.length > 0 ? loaded : levels).map(throughputRatio));
  return { unloaded, ratio };
}

/** One line of key=value figures: the headline first, then each concurrency's own. */
export function finalLine(levels: readonly LevelSummary[], extra: Record<string, number | string>): string {
  const { unloaded, ratio } = headline(levels);
  const figures: Array<[string, number | string]> = [
    ['p50_overhead_ms', round(overheadMs(unloaded, 'p50Ms'), 2)],
    ['p99_overhead_ms', round(overheadMs(unloaded, 'p99Ms'), 2)],
    ['throughput_ratio', round(ratio, 3)],
    ['direct_p50_ms', round(unloaded.direct.p50Ms, 2)],
    ['gateway_p50_ms', round(unloaded.gateway.p50Ms, 2)],
  ];
  for (const level of levels) {
    const c = `c${level.concurrency}`;
    figures.push(
      [`${c}_direct_p50_ms`, round(level.direct.p50Ms, 2)],
      [`${c}_gateway_p50_ms`, round(level.gateway.p50Ms, 2)],
      [`${c}_direct_p99_ms`, round(level.direct.p99Ms, 2)],
      [`${c}_gateway_p99_ms`, round(level.gateway.p99Ms, 2)],
      [`${c}_direct_qps`, round(level.direct.qps, 1)],
      [`${c}_gateway_qps`, round(level.gateway.qps, 1)],
      [`${c}_throughput_ratio`, round(throughputRatio(level), 3)],
      [`${c}_direct_n`, level.direct.requests],
      [`${c}_gateway_n`, level.gateway.requests],
    );
  }
  figures.push(
    ['direct_errors', levels.reduce((sum, level) => sum + level.direct.errors, 0)],
    ['gateway_errors', levels.reduce((sum, level) => sum + level.gateway.errors, 0)],
    ...Object.entries(extra),
  );
  return `query ${figures.map(([key, value]) => `${key}=${value}`).join(' ')}`;
}

/** Whether the run met the issue's targets, and if not, which ones it missed. */
export function missedTargets(levels: readonly LevelSummary[]): string[] {
  const { unloaded, ratio } = headline(levels);
  const missed: string[] = [];
  if (overheadMs(unloaded, 'p50Ms') > TARGETS.p50OverheadMs)
    missed.push(`p50 overhead ${round(overheadMs(unloaded, 'p50Ms'), 2)} ms > ${TARGETS.p50OverheadMs} ms`);
  if (ratio < TARGETS.throughputRatio)
    missed.push(`throughput ratio ${round(ratio, 3)} < ${TARGETS.throughputRatio}`);
  const errors = levels.reduce((sum, level) => sum + level.direct.errors + level.gateway.errors, 0);
  if (errors > 0) missed.push(`${errors} errors`);
  return missed;
}
