// `npm run bench:ingest`: Elasticsearch's raw bulk rate and Tributary's
// end-to-end rate on the same corpus, side by side in one run, then freshness
// under a steady change rate. Ends with one line of key=value figures.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DEFAULT_CHUNKER_SETTINGS } from '@tributary/chunking';
import { DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { realServices, startApp, uniqueName } from '@tributary/testing';
import { startScheduledConnector } from '../../test/support/connector-process';
import { moveGroup } from '../../test/support/consumer-lag';
import { readCorpus, writeAsMarkdown } from './corpus';
import { endToEndRate, searchableDocuments } from './end-to-end';
import { measureFreshness } from './freshness';
import { BULK_DOCUMENTS, rawBulkRate } from './raw-bulk';
import { percentile, round } from './stats';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(__dirname, '../../../shared/data/scifact/corpus.jsonl') },
    docs: { type: 'string', default: '3000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
  },
});
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const count = Number(values.docs);
  const documents = await readCorpus(values.corpus, count);
  if (documents.length < count) throw new Error(`${values.corpus} has only ${documents.length} documents`);
  const es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  const kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'bench' }, () => undefined);
  await ensureTopics(kafka);
  const work = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const group = uniqueName('bench-embedder');
  // The benchmark's embedder starts at the topic's end: earlier history is not its work.
  await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
  // The placeholder embedder, as the issue fixes it: Elasticsearch is the limit being compared,
  // with as many documents per bulk request as the raw path sends (the default suits a real model).
  const embedder = await startApp(
    'apps/embedder/src/main.ts',
    { KAFKA_GROUP_ID: group, LOG_LEVEL: 'warn', BATCH_SIZE: String(BULK_DOCUMENTS) },
    3141,
  );
  const gateway = await startApp('apps/query-gateway/src/main.ts', { LOG_LEVEL: 'warn' }, 3140);
  // The freshness probe searches ~10 times a second: its key must not be throttled.
  const redis = new Redis(realServices.redisUrl);
  const { key: apiKey } = await new ApiKeyRepository(redis).create({
    name: 'bench:ingest freshness probe',
    tenant: 'default',
    scopes: ['search'],
    rateLimitPerMinute: 1_000_000,
  });
  redis.disconnect();
  try {
    log(`corpus: ${documents.length} documents from ${values.corpus}`);
    const raw = await rawBulkRate(
      es,
      documents,
      new HashingEmbeddingProvider(256),
      DEFAULT_CHUNKER_SETTINGS,
      uniqueName('bench-raw'),
    );
    log(`raw Elasticsearch bulk: ${round(raw.docsPerSecond)} docs/s (${raw.chunks} chunks)`);

    const folder = join(work, 'corpus');
    await writeAsMarkdown(documents, folder);
    const source = uniqueName('bench');
    const { docsPerSecond: e2e, connectorSeconds } = await endToEndRate(es, folder, source, documents.length);
    log(
      `end to end (connector -> Kafka -> embedder -> searchable): ${round(e2e)} docs/s; the connector's pass alone took ${connectorSeconds}s`,
    );

    const fileNames = (await readdir(folder)).sort().slice(0, 200);
    const connector = startScheduledConnector(folder, source, 1);
    let freshness;
    try {
      log(`freshness: ${values.rate} changes/s for ${values.seconds}s over ${fileNames.length} files`);
      freshness = await measureFreshness({
        folder,
        fileNames,
        gatewayUrl: gateway.url,
        apiKey,
        source,
        rate: Number(values.rate),
        seconds: Number(values.seconds),
      });
    } finally {
      await connector.stop();
    }
    const p50 = percentile(freshness.latenciesMs, 50);
    const p99 = percentile(freshness.latenciesMs, 99);
    log(
      `freshness over ${freshness.latenciesMs.length} changes (${freshness.superseded} superseded before found): p50 ${round(p50)} ms, p99 ${round(p99)} ms`,
    );
    log(`searchable documents of the run: ${await searchableDocuments(es, source)}`);
    process.stdout.write(
      `ingest ratio=${round(e2e / raw.docsPerSecond, 2)} e2e_docs_per_s=${round(e2e)} raw_docs_per_s=${round(raw.docsPerSecond)} freshness_p50_ms=${round(p50)} freshness_p99_ms=${round(p99)} docs=${documents.length} changes=${freshness.changes}\n`,
    );
  } finally {
    await Promise.all([embedder.stop(), gateway.stop()]);
    await rm(work, { recursive: true, force: true });
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
