import type { Client } from '@elastic/elasticsearch';
import { eventually, TEST_INDEX_ENV } from '@tributary/testing';
import { runCli } from '../../test/support/connector-process';

/** Documents of a source that are searchable now: every document has exactly one chunk 0 (exact, unlike a cardinality). */
export async function searchableDocuments(es: Client, source: string): Promise<number> {
  const response = await es.count({
    index: TEST_INDEX_ENV.CHUNKS_ALIAS,
    query: { bool: { filter: [{ term: { source } }, { term: { chunk: 0 } }] } },
  });
  return response.count;
}

/**
 * The whole path: one connector pass over a folder of `count` files, through
 * Kafka and the (already running, idle) embedder, until every document is
 * searchable. Timed from the start of the connector's pass (taken from its
 * summary line), so the CLI process's own start-up is not counted: a deployed
 * connector is long-running. Returns documents per second.
 */
export async function endToEndRate(
  es: Client,
  folder: string,
  source: string,
  count: number,
): Promise<{ docsPerSecond: number; connectorSeconds: number }> {
  const run = await runCli(
    ['connector', 'run', 'filesystem', '--root', folder, '--source', source, '--once'],
    600_000,
  );
  const passEnded = performance.now();
  if (run.code !== 0) throw new Error(`connector failed: ${run.stderr || run.stdout}`);
  const seconds = /changed=(\d+) .* in ([\d.]+)s/.exec(run.stdout);
  if (!seconds || Number(seconds[1]) !== count)
    throw new Error(`unexpected connector summary: ${run.stdout}`);
  const passStarted = passEnded - Number(seconds[2]) * 1000;
  await eventually(
    async () => {
      const searchable = await searchableDocuments(es, source);
      if (searchable < count) throw new Error(`only ${searchable} of ${count} documents searchable`);
    },
    { timeoutMs: 600_000, intervalMs: 50 },
  );
  return {
    docsPerSecond: count / ((performance.now() - passStarted) / 1000),
    connectorSeconds: Number(seconds[2]),
  };
}
