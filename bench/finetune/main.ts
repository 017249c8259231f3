// `npm run bench:finetune -- --dataset <dir>`: one full fine-tune cycle on a
// BEIR data set. The train split's judgments are replayed through the gateway as
// users' feedback; the scheduler's worker builds the dataset, trains a query
// adapter, evaluates it against the base model and promotes it or not; the test
// split's queries go through the same running gateway before and after, in
// vector and hybrid mode. Ends with one line of key=value figures.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { elasticsearchSettings, loadConfig } from '@tributary/config';
import { embeddingSettings } from '@tributary/embeddings';
import { meanOverJudgedQueries, ndcgAt } from '@tributary/finetune-util';
import { resolveFusion } from '@tributary/search';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { uniqueName } from '@tributary/testing';
import { readDataset } from '../relevance/beir-dataset';
import { ingestDataset } from '../relevance/dataset-ingest';
import { rankQueries, withSearchGateway } from '../relevance/gateway-rankings';
import { RelevanceIndex } from '../relevance/relevance-index';
import { replayAsFeedback } from './feedback-replay';
import { withFineTuneServices } from './finetune-services';
import { removeFineTuneState } from './finetune-state';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: resolve(__dirname, '../../../shared/data/scifact') },
    // Reuse the newest index kept by `bench:relevance --keep` or `bench:finetune --keep` (a bge ingest takes ~15 min here).
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // The query-adapter trainer's settings as the plan takes them, e.g. '{"epochs":20}'.
    trainer: { type: 'string', default: '{}' },
    'pseudo-queries': { type: 'string', default: '1000' },
    margin: { type: 'string', default: '0.005' },
  },
});
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const PORTS = { embedder: 3146, gateway: 3147, scheduler: 3148, worker: 3149 };
const CYCLE_TIMEOUT_MS = 30 * 60_000;

async function main(): Promise<void> {
  const settings = loadConfig('bench:finetune', z.object({ ...elasticsearchSettings, ...embeddingSettings }));
  const train = await readDataset(values.dataset, 'train');
  const test = await readDataset(values.dataset, 'test');
  log(
    `${train.name}: ${train.corpus.length} documents, ${train.queries.length} train and ${test.queries.length} test queries`,
  );
  const es = createElasticsearchClient({
    url: settings.ELASTICSEARCH_URL,
    apiKey: settings.ELASTICSEARCH_API_KEY,
  });
  let index: RelevanceIndex | undefined;
  const state = {
    MODEL_REGISTRY_INDEX: uniqueName('tributary-bench-models'),
    FINETUNE_RUNS_INDEX: uniqueName('tributary-bench-finetune-runs'),
    FINETUNE_DATASETS_INDEX: uniqueName('tributary-bench-finetune-datasets'),
    FINETUNE_REDIS_PREFIX: uniqueName('tributary-bench:finetune'),
  };
  try {
    index = values.reuse
      ? await RelevanceIndex.newest(es, train.name)
      : RelevanceIndex.create(es, train.name);
    if (!index) throw new Error(`no index kept for ${train.name}: run once with --keep first`);
    if (!values.reuse) {
      log(`ingesting into ${index.alias} with ${settings.EMBEDDING_MODEL}`);
      const docsPerSecond = await ingestDataset(index, train.corpus, {
        embedderPort: PORTS.embedder,
        env: { ...index.env, EMBEDDING_MODEL: settings.EMBEDDING_MODEL },
        log,
      });
      log(`ingested: ${docsPerSecond.toFixed(1)} documents/s`);
    }
    const contents = await index.describe();
    if (contents.documents !== train.corpus.length || contents.models.length !== 1)
      throw new Error(
        `the index holds ${contents.documents} documents of models ${contents.models.join(', ')}`,
      );
    const model = contents.models[0] ?? '';
    const env = { ...index.env, ...state, EMBEDDING_MODEL: model, ADAPTER_REFRESH_MS: '500' };
    const source = index.source;
    const fusion = resolveFusion(undefined, undefined);
    const ndcg10 = async (client: Parameters<typeof rankQueries>[0], mode: 'vector' | 'hybrid') => {
      const { rankings } = await rankQueries(client, source, test.queries, mode, fusion);
      return meanOverJudgedQueries((ranking, judged) => ndcgAt(10, ranking, judged), rankings, test.qrels)
        .mean;
    };

    const figures = await withSearchGateway({ port: PORTS.gateway, env }, async (client) => {
      const before = { vector: await ndcg10(client, 'vector'), hybrid: await ndcg10(client, 'hybrid') };
      log(`before: vector ${before.vector.toFixed(4)}, hybrid ${before.hybrid.toFixed(4)}`);
      const replayed = await replayAsFeedback(client, source, train.queries, train.qrels);
      log(`replayed ${replayed.labels} judgments of ${replayed.queries} train queries as feedback`);
      const run = await withFineTuneServices(
        { schedulerPort: PORTS.scheduler, workerPort: PORTS.worker, env },
        async (services) => {
          await services.putPlan('bench', {
            trainer: { kind: 'query-adapter', ...JSON.parse(values.trainer) },
            dataset: { sources: [source], pseudoQueries: Number(values['pseudo-queries']) },
            promotion: { margin: Number(values.margin) },
          });
          return services.runToEnd('bench', CYCLE_TIMEOUT_MS);
        },
      );
      if (run.status !== 'succeeded') throw new Error(`the run ended ${run.status}: ${run.reason}`);
      for (const [stage, record] of Object.entries(run.stages))
        log(`${stage}: ${JSON.stringify(record.outputs)}`);
      // The gateway re-reads the live adapter every ADAPTER_REFRESH_MS: give it two rounds.
      await new Promise((done) => setTimeout(done, 1_000));
      const after = { vector: await ndcg10(client, 'vector'), hybrid: await ndcg10(client, 'hybrid') };
      log(`after: vector ${after.vector.toFixed(4)}, hybrid ${after.hybrid.toFixed(4)}`);
      const seconds = (from?: string, to?: string) =>
        ((Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000).toFixed(1);
      return {
        before,
        after,
        promoted: run.outcome === 'promoted',
        trainSeconds: Number(run.stages.train?.outputs?.['trainSeconds'] ?? NaN).toFixed(1),
        cycleSeconds: seconds(run.startedAt, run.finishedAt),
        model,
      };
    });
    process.stdout.write(
      `finetune dataset=${train.name} ndcg10_vector_before=${figures.before.vector.toFixed(4)} ndcg10_vector_after=${figures.after.vector.toFixed(4)} ` +
        `ndcg10_hybrid_before=${figures.before.hybrid.toFixed(4)} ndcg10_hybrid_after=${figures.after.hybrid.toFixed(4)} ` +
        `promoted=${figures.promoted} train_s=${figures.trainSeconds} cycle_s=${figures.cycleSeconds} model=${figures.model}\n`,
    );
  } finally {
    await removeFineTuneState(es, state);
    if (index && !values.keep && !values.reuse)
      log(`removed ${(await index.remove()).join(', ')} (--keep keeps them)`);
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:finetune failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
