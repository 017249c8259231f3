// `npm run bench:scale`: the same documents ingested by 1 embedder process, then by
// 2 in one consumer group, in one run; prints docs/s for each and their ratio.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { createKafka, DocumentChangeProducer, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { realServices, uniqueName, type AppProcess } from '@tributary/testing';
import { moveGroup } from '../../test/support/consumer-lag';
import { readCorpus } from '../ingest/corpus';
import { round } from '../ingest/stats';
import { startEmbedderGroup } from './embedder-group';
import { timeIngest } from './scale-round';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(__dirname, '../../../shared/data/scifact/corpus.jsonl') },
    docs: { type: 'string', default: '1000' },
    model: { type: 'string', default: 'hashing-placeholder-v2-256' },
  },
});
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
/** Ports 3210-3215 are this benchmark's: round 1 takes 3210, round 2 3211 and 3212. */
const FIRST_PORT = 3210;
const ROUNDS = [1, 2] as const;
/** The embedders of the round in progress: an interrupted run stops them rather than orphaning them. */
let running: AppProcess[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the embedders`);
    void Promise.all(running.map((embedder) => embedder.crash())).finally(() => process.exit(130));
  });
}

function positive(name: string, value: string | undefined, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new Error(`--${name} must be an integer from 1 to ${max}, got ${value}`);
  return parsed;
}

async function main(): Promise<void> {
  const count = positive('docs', values.docs, 100_000);
  const documents = await readCorpus(values.corpus, count);
  if (documents.length < count) throw new Error(`${values.corpus} has only ${documents.length} documents`);
  const cores = availableParallelism();
  const es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
  const kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'bench-scale' }, () => undefined);
  await ensureTopics(kafka);
  const producer = new DocumentChangeProducer(kafka);
  await producer.connect();
  // An index and state index of the run's own: other work on the shared topic that the
  // benchmark's groups also pick up lands there, never in anyone else's index.
  const alias = uniqueName('bench-scale-chunks');
  const stateIndex = uniqueName('bench-scale-documents');
  const rates = new Map<number, number>();
  let nextPort = FIRST_PORT;
  try {
    log(`corpus: ${documents.length} documents from ${values.corpus}; model ${values.model}; ${cores} cores`);
    for (const embedders of ROUNDS) {
      const group = uniqueName(`bench-scale-${embedders}`);
      // The group starts at the topic's end: earlier history is not this round's work.
      await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
      // The cores are shared out, as pods with CPU limits would be: ONNX threads never oversubscribe.
      const threads = Math.max(1, Math.floor(cores / embedders));
      running = await startEmbedderGroup(kafka, {
        count: embedders,
        group,
        firstPort: nextPort,
        env: {
          CHUNKS_ALIAS: alias,
          DOCUMENT_STATE_INDEX: stateIndex,
          EMBEDDING_MODEL: values.model,
          EMBEDDING_THREADS: String(threads),
        },
      });
      nextPort += embedders;
      try {
        const rate = await timeIngest(es, producer, { alias, source: uniqueName('bench-scale'), documents });
        rates.set(embedders, rate);
        log(`${embedders} embedder(s), ${threads} ONNX thread(s) each: ${round(rate, 1)} docs/s`);
      } finally {
        await Promise.all(running.map((embedder) => embedder.stop()));
        running = [];
      }
    }
    const [one = Number.NaN, two = Number.NaN] = ROUNDS.map((embedders) => rates.get(embedders));
    process.stdout.write(
      `scale docs=${documents.length} model=${values.model} cores=${cores} embedders_1=${round(one, 1)}docs/s embedders_2=${round(two, 1)}docs/s ratio=${round(two / one, 2)}\n`,
    );
  } finally {
    await producer.disconnect();
    const indices = await es.indices
      .get({ index: `${alias}*,${stateIndex}`, ignore_unavailable: true })
      .catch(() => ({}));
    await Promise.all(
      Object.keys(indices).map((index) => es.indices.delete({ index }).catch(() => undefined)),
    );
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
