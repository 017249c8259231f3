import { round } from '../ingest/stats';
import { overheadMs, throughputRatio, type LevelSummary } from './report';

/** A table of each concurrency's figures, for the log. */
export function levelTable(levels: readonly LevelSummary[]): string[] {
  const rows = levels.map((level) => [
    String(level.concurrency),
    ...(['direct', 'gateway'] as const).flatMap((path) => [
      `${round(level[path].p50Ms, 2)}/${round(level[path].p99Ms, 2)}`,
      `${round(level[path].qps, 1)}`,
      `${level[path].requests}`,
    ]),
    `${round(overheadMs(level, 'p50Ms'), 2)}`,
    `${round(throughputRatio(level), 3)}`,
    `${level.direct.errors}/${level.gateway.errors}`,
  ]);
  const header = [
    'conc',
    'direct p50/p99 ms',
    'direct /s',
    'direct n',
    'gateway p50/p99 ms',
    'gateway /s',
    'gateway n',
    'p50 overhead ms',
    'qps ratio',
    'errors d/g',
  ];
  return alignColumns([header, ...rows]);
}

/**
 * CPU per request of each path at each concurrency, by process, and the
 * throughput that much CPU allows on `cores` cores: the machine's own limit.
 */
export function cpuTable(levels: readonly LevelSummary[], cores: number): string[] {
  const names = [
    ...new Set(
      levels.flatMap((l) => Object.keys({ ...l.direct.cpuMsPerRequest, ...l.gateway.cpuMsPerRequest })),
    ),
  ];
  const rows = levels.flatMap((level) =>
    (['direct', 'gateway'] as const).map((path) => {
      const cpu = level[path].cpuMsPerRequest;
      const total = names.reduce((sum, name) => sum + (cpu[name] ?? 0), 0);
      return [
        String(level.concurrency),
        path,
        ...names.map((name) => String(round(cpu[name] ?? 0, 2))),
        String(round(total, 2)),
        String(round((cores * 1000) / total, 1)),
      ];
    }),
  );
  const header = ['conc', 'path', ...names.map((name) => `${name} ms`), 'total ms', `${cores}-core bound /s`];
  return alignColumns([header, ...rows]);
}

function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  '));
}
