// `npm run bench:query`: the same hybrid queries sent to Elasticsearch directly
// (the gateway's _msearch, fused in this process) and through the gateway over
// HTTP, side by side in one run, at several concurrencies, over an index of at
// least 100k chunks. Ends with one line of key=value figures.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import { z } from 'zod';
import { DEFAULT_CHUNKER_SETTINGS } from '@tributary/chunking';
import { elasticsearchSettings, loadConfig } from '@tributary/config';
import { embeddingSettings, openEmbeddingProvider, type EmbeddingProvider } from '@tributary/embeddings';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { round } from '../ingest/stats';
import { chunkerId, readQueries } from './bench-corpus';
import { startBenchGateway } from './bench-gateway';
import { BenchIndex } from './bench-index';
import { CpuMeter, elasticsearchCpu, thisProcessCpu } from './cpu-meter';
import { prepareIndex } from './prepare-index';
import { finalLine, missedTargets, type LevelSummary } from './report';
import { cpuTable, levelTable } from './report-tables';
import { compareAnswers, measureLevel } from './rounds';
import { directPath, gatewayPath } from './search-paths';

const scifact = resolve(__dirname, '../../../shared/data/scifact');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: `${scifact}/corpus.jsonl` },
    queries: { type: 'string', default: `${scifact}/queries.jsonl` },
    chunks: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '1,16,64' },
    seconds: { type: 'string', default: '15' },
    pairs: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    port: { type: 'string', default: '3143' },
    keep: { type: 'boolean', default: false },
    'remove-only': { type: 'boolean', default: false },
  },
});
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const positive = (name: string, value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--${name} must be a positive integer, not "${value}"`);
  return number;
};
const EQUIVALENCE_QUERIES = 50;

async function main(): Promise<void> {
  // This bench measures the gateway, not a model: the placeholder keeps 100k chunks quick to
  // build (EMBEDDING_MODEL overrides it). The gateway follows the index's model, as both paths do.
  process.env['EMBEDDING_MODEL'] ??= 'hashing-placeholder-v2-256';
  const config = loadConfig('bench:query', z.object({ ...elasticsearchSettings, ...embeddingSettings }));
  const es = createElasticsearchClient({
    url: config.ELASTICSEARCH_URL,
    apiKey: config.ELASTICSEARCH_API_KEY,
  });
  const embeddings = await openEmbeddingProvider(config.EMBEDDING_MODEL, config);
  const index = new BenchIndex(es, embeddings, chunkerId(DEFAULT_CHUNKER_SETTINGS));
  try {
    if (values['remove-only']) return;
    const target = positive('chunks', values.chunks);
    const loaded = await prepareIndex(index, { corpus: values.corpus, target }, log);
    const { levels, answers } = await measure(es, embeddings);
    for (const line of levelTable(levels)) log(line);
    log('CPU time per request by process, and the throughput it allows on the cores they share:');
    for (const line of cpuTable(levels, availableParallelism())) log(line);
    for (const level of levels)
      for (const path of ['direct', 'gateway'] as const)
        for (const [kind, count] of level[path].errorKinds)
          log(`c=${level.concurrency} ${path}: ${count} × ${kind}`);
    const missed = missedTargets(levels);
    log(missed.length === 0 ? 'targets met' : `targets missed: ${missed.join('; ')}`);
    const extra = {
      ...loaded,
      differing_answers: answers.gatewayDiffers,
      direct_repeat_differing_answers: answers.directRepeatDiffers,
    };
    process.stdout.write(`${finalLine(levels, extra)}\n`);
  } finally {
    if (!values.keep) {
      const started = performance.now();
      const removed = await index.remove();
      log(
        `removed ${removed} bench chunks in ${round((performance.now() - started) / 1000, 1)} s (--keep keeps them)`,
      );
    }
    await es.close();
  }
}

async function measure(es: Client, embeddings: EmbeddingProvider) {
  const queries = await readQueries(values.queries);
  const concurrencies = values.concurrency.split(',').map((c) => positive('concurrency', c.trim()));
  const plan = {
    queries,
    seconds: positive('seconds', values.seconds),
    pairs: positive('pairs', values.pairs),
    warmupSeconds: positive('warmup', values.warmup),
  };
  const gateway = await startBenchGateway(positive('port', values.port));
  const paths = {
    direct: directPath(es, embeddings, { id: gateway.keyId, tenantFusion: gateway.tenantFusion }),
    gateway: gatewayPath(gateway.url, gateway.apiKey, Math.max(...concurrencies)),
  };
  const cpu = new CpuMeter({
    bench: thisProcessCpu,
    ...gateway.cpuReaders,
    elasticsearch: elasticsearchCpu(es),
  });
  try {
    const answers = await compareAnswers(paths, queries, EQUIVALENCE_QUERIES);
    log(
      `${queries.length} SciFact queries, cycled. Of the first ${EQUIVALENCE_QUERIES}, the gateway ranked ${answers.gatewayDiffers} ` +
        `differently from the direct path; the direct path ranked ${answers.directRepeatDiffers} differently from itself ` +
        'when asked again (approximate kNN over identical copies)',
    );
    log(
      `per concurrency: ${plan.warmupSeconds} s warm-up of each path, then ${plan.pairs} pairs of ${plan.seconds} s rounds ` +
        'in ABBA order (direct, gateway, gateway, direct, …); n = requests each figure rests on',
    );
    const levels: LevelSummary[] = [];
    for (const concurrency of concurrencies)
      levels.push(await measureLevel(paths, { ...plan, concurrency }, cpu, log));
    return { levels, answers };
  } finally {
    await Promise.all([paths.direct.close(), paths.gateway.close()]);
    const { queryLogEntriesRemoved } = await gateway.stop();
    log(
      `gateway stopped, its key revoked, ${queryLogEntriesRemoved} bench queries taken out of the query log`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:query failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
