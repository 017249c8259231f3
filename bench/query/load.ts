/** One search, given its query text; resolves when the whole answer is in, rejects on any failure. */
export type SearchCall = (query: string) => Promise<void>;

export interface RoundResult {
  /** Latency of each successful request, in ms. */
  latenciesMs: number[];
  errors: number;
  /** Error messages and how often each came. */
  errorKinds: Map<string, number>;
  /** From the first request's start to the last one's end. */
  elapsedMs: number;
}

/**
 * Closed loop: `concurrency` workers, each sending its next request as soon as
 * the previous one is answered, until `seconds` have passed. Queries are taken
 * in order from `queries`, starting at `offset`, cycling.
 */
export async function runRound(
  call: SearchCall,
  options: { queries: readonly string[]; offset: number; concurrency: number; seconds: number },
): Promise<RoundResult> {
  const { queries, concurrency, seconds } = options;
  const latenciesMs: number[] = [];
  const errorKinds = new Map<string, number>();
  let errors = 0;
  let next = options.offset;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const query = queries[next++ % queries.length] ?? '';
      const sent = process.hrtime.bigint();
      try {
        await call(query);
        latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      } catch (error) {
        errors++;
        const kind = error instanceof Error ? error.message : String(error);
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latenciesMs, errors, errorKinds, elapsedMs: performance.now() - started };
}

/** Several rounds of one path at one concurrency, as one sample. */
export function mergeRounds(rounds: readonly RoundResult[]): RoundResult {
  const errorKinds = new Map<string, number>();
  for (const round of rounds)
    for (const [kind, count] of round.errorKinds) errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + count);
  return {
    latenciesMs: rounds.flatMap((round) => round.latenciesMs),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    errorKinds,
    elapsedMs: rounds.reduce((sum, round) => sum + round.elapsedMs, 0),
  };
}
