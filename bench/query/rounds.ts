import { round } from '../ingest/stats';
import { addCpu, cpuSince, type CpuMeter, type CpuTimes } from './cpu-meter';
import { mergeRounds, runRound, type RoundResult } from './load';
import { summarize, type LevelSummary } from './report';
import type { SearchPath } from './search-paths';

export interface RoundPlan {
  queries: readonly string[];
  concurrency: number;
  seconds: number;
  /** Pairs of rounds, one of each path per pair. */
  pairs: number;
  warmupSeconds: number;
}

type PathName = 'direct' | 'gateway';
type Paths = Record<PathName, SearchPath>;

/**
 * One concurrency level, both paths side by side: a warm-up of each, then pairs
 * of rounds in ABBA order (direct, gateway, gateway, direct, …) so a drift of
 * the shared machine during the level weighs on both paths alike. Both rounds
 * of a pair start at the same query, so they answer the same queries.
 */
export async function measureLevel(
  paths: Paths,
  plan: RoundPlan,
  cpu: CpuMeter,
  log: (message: string) => void,
): Promise<LevelSummary> {
  const { queries, concurrency, seconds, pairs, warmupSeconds } = plan;
  const call = (name: PathName) => async (query: string) => {
    await paths[name].search(query);
  };
  for (const name of ['direct', 'gateway'] as const)
    await runRound(call(name), { queries, offset: 0, concurrency, seconds: warmupSeconds });
  const results: Record<PathName, RoundResult[]> = { direct: [], gateway: [] };
  const cpuMs: Record<PathName, CpuTimes> = { direct: {}, gateway: {} };
  for (let pair = 0; pair < pairs; pair++) {
    const order: PathName[] = pair % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    // Spread the pairs over the query list; both rounds of a pair start at the same query.
    const offset = Math.floor((pair * queries.length) / pairs);
    for (const name of order) {
      const before = await cpu.read();
      const result = await runRound(call(name), { queries, offset, concurrency, seconds });
      const spent = cpuSince(before, await cpu.read());
      results[name].push(result);
      cpuMs[name] = addCpu(cpuMs[name], spent);
      const summary = summarize(result);
      log(
        `c=${concurrency} pair ${pair + 1}/${pairs} ${name}: ${summary.requests} requests, p50 ${round(summary.p50Ms, 2)} ms, ` +
          `p99 ${round(summary.p99Ms, 2)} ms, ${round(summary.qps, 1)}/s, ${summary.errors} errors`,
      );
    }
  }
  return {
    concurrency,
    direct: summarize(mergeRounds(results.direct), cpuMs.direct),
    gateway: summarize(mergeRounds(results.gateway), cpuMs.gateway),
  };
}

/**
 * How many of the first `count` queries the gateway ranks differently from the
 * direct path, and, as the baseline, how many the direct path ranks differently
 * when asked again: Elasticsearch's approximate kNN over segments searched
 * concurrently need not return the same neighbours twice.
 */
export async function compareAnswers(paths: Paths, queries: readonly string[], count: number) {
  let gatewayDiffers = 0;
  let directRepeatDiffers = 0;
  for (const query of queries.slice(0, count)) {
    const direct = (await paths.direct.search(query)).join('\n');
    if ((await paths.gateway.search(query)).join('\n') !== direct) gatewayDiffers++;
    if ((await paths.direct.search(query)).join('\n') !== direct) directRepeatDiffers++;
  }
  return { gatewayDiffers, directRepeatDiffers };
}
