// The real ingest path for a data set: its documents as Markdown files, one
// filesystem connector pass, Kafka, and an embedder of the bench's own writing
// to the bench's index, until every document is searchable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tributary/config';
import { DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { embedderConfigSchema } from '../../apps/embedder/src/embedder.config';
import { runCli } from '../../test/support/connector-process';
import { moveGroup } from '../../test/support/consumer-lag';
import { writeAsMarkdown, type CorpusDocument } from '../ingest/corpus';
import { chunkerId } from '../query/bench-corpus';
import type { RelevanceIndex } from './relevance-index';

// A real model on a small machine embeds a few chunks a second.
const INGEST_TIMEOUT_MS = 2 * 60 * 60_000;
// The embedder's /readyz fails while its consumer is out of the group; a rebalance takes seconds.
const STALL_MS = 90_000;

/**
 * What the bench's embedder will do, read from the environment by the
 * embedder's own schema: the chunker id it records on each chunk
 * (CHUNK_MAX_TOKENS, CHUNK_OVERLAP_TOKENS) and the documents it embeds together (BATCH_SIZE).
 */
export function embedderSettings(env: NodeJS.ProcessEnv = process.env): {
  chunker: string;
  batchSize: number;
} {
  const config = loadConfig('embedder', embedderConfigSchema, env);
  return {
    chunker: chunkerId({ maxTokens: config.CHUNK_MAX_TOKENS, overlapTokens: config.CHUNK_OVERLAP_TOKENS }),
    batchSize: config.BATCH_SIZE,
  };
}

// Corpus ids become file names (the connector's docIds): any id survives the round trip.
const fileNameOf = (corpusId: string) => encodeURIComponent(corpusId);
export const corpusIdOf = (docId: string) => decodeURIComponent(docId.replace(/\.md$/, ''));
export const docIdOf = (corpusId: string) => `${fileNameOf(corpusId)}.md`;

/**
 * Waits until every document is searchable, reporting every tenth; fails early
 * when the embedder stays out of its consumer group (it then consumes nothing).
 */
async function untilSearchable(
  index: RelevanceIndex,
  count: number,
  embedder: AppProcess,
  log: (message: string) => void,
): Promise<void> {
  const deadline = performance.now() + INGEST_TIMEOUT_MS;
  let reported = 0;
  let notReadySince: number | undefined;
  for (;;) {
    const searchable = await index.searchableDocuments();
    if (searchable >= count) return;
    if (searchable - reported >= count / 10)
      log(`  ${(reported = searchable)} of ${count} documents searchable`);
    const ready = await fetch(`${embedder.url}/readyz`, { signal: AbortSignal.timeout(10_000) }).then(
      (response) => response.ok,
      () => false,
    );
    notReadySince = ready ? undefined : (notReadySince ?? performance.now());
    if (notReadySince !== undefined && performance.now() - notReadySince > STALL_MS)
      throw new Error(
        `the embedder has not been ready for ${STALL_MS / 1000} s with ${searchable} of ${count} documents searchable ` +
          '(a slice that takes longer than the consumer session evicts it: try a smaller BATCH_SIZE)\n' +
          embedder.logs().slice(-2000),
      );
    if (performance.now() > deadline) throw new Error(`only ${searchable} of ${count} documents searchable`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Ingests the corpus as the index's source, through the connector CLI and an
 * embedder started at the topic's end (earlier history is not its work) in a
 * consumer group of its own, deleted afterwards. The embedder stops gracefully
 * before this returns, so every write it began has finished. Returns documents
 * per second from the start of the connector's pass to the last one searchable.
 */
export async function ingestDataset(
  index: RelevanceIndex,
  corpus: readonly CorpusDocument[],
  options: { embedderPort: number; env: Record<string, string>; log: (message: string) => void },
): Promise<number> {
  const kafka = createKafka(
    { brokers: realServices.kafkaBrokers, clientId: 'bench-relevance' },
    () => undefined,
  );
  await ensureTopics(kafka);
  const group = uniqueName('bench-relevance-embedder');
  await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
  const work = await mkdtemp(join(tmpdir(), 'tributary-relevance-'));
  try {
    const folder = join(work, 'corpus');
    await writeAsMarkdown(
      corpus.map((doc) => ({ ...doc, id: fileNameOf(doc.id) })),
      folder,
    );
    const embedder = await startApp(
      'apps/embedder/src/main.ts',
      { KAFKA_GROUP_ID: group, LOG_LEVEL: 'warn', ...options.env },
      options.embedderPort,
    );
    try {
      const started = performance.now();
      const args = ['connector', 'run', 'filesystem', '--root', folder, '--source', index.source, '--once'];
      const run = await runCli(args, INGEST_TIMEOUT_MS, options.env);
      if (run.code !== 0) throw new Error(`connector failed: ${run.stderr || run.stdout}`);
      options.log(`connector: ${run.stdout.split('\n').at(-1)}`);
      await untilSearchable(index, corpus.length, embedder, options.log);
      return corpus.length / ((performance.now() - started) / 1000);
    } finally {
      await embedder.stop();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect();
    // Never let the clean-up hide why the ingest failed: a group still closing cannot be deleted yet.
    await admin
      .deleteGroups([group])
      .catch((error: unknown) => options.log(`consumer group ${group} left behind: ${String(error)}`))
      .finally(() => admin.disconnect());
  }
}
