import type { QueryAdapterTrainerV1, RegisteredModelV1 } from '@tributary/contracts';
import type { DatasetPair, StoredAdapterWeights } from '@tributary/finetune-data-access';
import { DEFAULT_ADAPTER_TRAINING, QueryAdapter, trainQueryAdapter } from '@tributary/finetune-util';
import type { TrainingChunk } from '@tributary/search-data-access';
import type { CycleInput } from './cycle-input';
import { FineTuneInputError } from './fine-tune.errors';
import { decidePromotion, type SetScores } from './promotion-rule';
import { documentKey, embedQueries } from './query-vectors';
import { scoreRetrieval, type JudgedQuery, type VectorRanker } from './retrieval-evaluator';
import { trainingExamplesOf } from './training-examples';

/** What the adapter cycle reads and writes (repositories and the live index), as ports. */
export interface AdapterCyclePorts {
  embedQuery(text: string): Promise<number[]>;
  chunksOf(documents: readonly { source: string; docId: string }[]): Promise<Map<string, TrainingChunk[]>>;
  ranker: VectorRanker;
  registry: {
    save(model: RegisteredModelV1, weights?: StoredAdapterWeights): Promise<void>;
    pointer(kind: 'query-adapter', baseModel: string): Promise<{ active?: string }>;
    weights(id: string): Promise<StoredAdapterWeights | undefined>;
    activate(id: string, by: string, expectedActive?: string | null): Promise<unknown>;
  };
}

export interface AdapterCycleInput extends CycleInput {
  trainer: QueryAdapterTrainerV1;
  /** The embedding model whose query vectors the adapter maps. */
  baseModel: string;
}

/**
 * Train a query adapter, score it and the champion on every set, and promote it
 * only when it wins on all of them. The pointer's compare-and-set is the only
 * write that changes what the gateway serves, and it comes last.
 */
export async function runAdapterCycle(ports: AdapterCyclePorts, input: AdapterCycleInput) {
  const { plan, trainer, dataset, recorder } = input;
  // An earlier attempt of this run got past the commit point (then crashed): the model is live, the run is done.
  if ((await ports.registry.pointer('query-adapter', input.baseModel)).active === input.modelId) {
    const reason = `${input.modelId} went live in an earlier attempt of this run`;
    await recorder.log('info', reason);
    return { outcome: 'promoted', reason } as const;
  }
  const golden = plan.promotion.goldenSet ?? [];
  const queryVectors = await embedQueries(
    [...dataset.train, ...dataset.holdout].map((pair) => pair.query).concat(golden.map((item) => item.query)),
    (text) => ports.embedQuery(text),
  );

  const candidate = await recorder.stage(
    'train',
    { datasetId: dataset.id, pairs: dataset.train.length, baseModel: input.baseModel, trainer },
    async () => {
      const documents = dataset.train.flatMap((pair) => [pair.positive, ...(pair.negatives ?? [])]);
      const chunks = await ports.chunksOf(documents);
      const { examples, skipped } = trainingExamplesOf(dataset.train, queryVectors, chunks, trainer);
      const started = performance.now();
      if (examples.length === 0)
        throw new FineTuneInputError(
          `none of the ${dataset.train.length} training pairs has its document in the index (${skipped} skipped)`,
        );
      const result = await trainQueryAdapter(examples, {
        seed: trainer.seed,
        ...(trainer.epochs ? { epochs: trainer.epochs } : {}),
        ...(trainer.batchSize ? { batchSize: trainer.batchSize } : {}),
        ...(trainer.learningRate ? { learningRate: trainer.learningRate } : {}),
        ...(trainer.temperature ? { temperature: trainer.temperature } : {}),
        ...(trainer.identityPenalty !== undefined ? { identityPenalty: trainer.identityPenalty } : {}),
        shouldStop: () => input.stopReason() !== undefined,
        // Progress is a courtesy: a failed report must not fail (or, unhandled, kill) the run.
        onEpoch: (epoch) =>
          void input
            .progress(
              'train',
              Math.round((100 * epoch) / (trainer.epochs ?? DEFAULT_ADAPTER_TRAINING.epochs)),
            )
            .catch(() => undefined),
      });
      const trainSeconds = (performance.now() - started) / 1000;
      const weights = {
        dimensions: result.adapter.dimensions,
        weights: result.adapter.toBase64(),
        checksum: result.adapter.checksum(),
      };
      await ports.registry.save(modelRecord(input), weights);
      const outputs = {
        modelId: input.modelId,
        examples: examples.length,
        skipped,
        epochLosses: result.epochLosses,
        trainSeconds,
        checksum: weights.checksum,
      };
      return { outputs, result: result.adapter };
    },
  );

  const { scores, championId } = await recorder.stage(
    'evaluate',
    { modelId: input.modelId, sets: golden.length > 0 ? ['holdout', 'golden'] : ['holdout'] },
    async () => {
      const championId = (await ports.registry.pointer('query-adapter', input.baseModel)).active;
      const champion = await championMapping(ports, championId);
      const sets: Record<string, JudgedQuery[]> = { holdout: judged(dataset.holdout, queryVectors) };
      if (golden.length > 0)
        sets['golden'] = golden.map((item) => ({
          query: item.query,
          vector: queryVectors.get(item.query) ?? [],
          judgments: new Map(item.relevant.map((doc) => [documentKey(doc), doc.grade])),
        }));
      const scores: SetScores = {};
      for (const [name, queries] of Object.entries(sets)) {
        scores[name] = {
          champion: await scoreRetrieval(queries, ports.ranker, champion),
          candidate: await scoreRetrieval(queries, ports.ranker, (vector) => candidate.apply(vector)),
        };
      }
      return {
        outputs: { champion: championId ?? 'none (the base model)', scores },
        result: { scores, championId },
      };
    },
  );

  return recorder.stage('promote', { modelId: input.modelId, margin: plan.promotion.margin }, async () => {
    const decision = decidePromotion(scores, plan.promotion.margin);
    await ports.registry.save(
      { ...modelRecord(input), metrics: scores, decision },
      {
        dimensions: candidate.dimensions,
        weights: candidate.toBase64(),
        checksum: candidate.checksum(),
      },
    );
    const outcome = !decision.promote ? 'refused' : plan.promotion.automatic ? 'promoted' : 'recorded';
    // The last moment a cancel (or a lapsed lease) can still keep the candidate from going live.
    await input.checkCancelled();
    if (outcome === 'promoted')
      await ports.registry.activate(input.modelId, `plan:${plan.name}`, championId ?? null);
    return {
      outputs: { outcome, reason: decision.reason },
      result: { outcome, reason: decision.reason } as const,
    };
  });
}

const modelRecord = (input: AdapterCycleInput): RegisteredModelV1 => ({
  id: input.modelId,
  kind: 'query-adapter',
  baseModel: input.baseModel,
  plan: input.plan.name,
  runId: input.runId,
  datasetId: input.dataset.id,
  createdAt: new Date().toISOString(),
});

async function championMapping(ports: AdapterCyclePorts, id: string | undefined) {
  if (id === undefined) return (vector: readonly number[]) => [...vector];
  const stored = await ports.registry.weights(id);
  if (!stored) throw new Error(`the live adapter ${id} has no weights in the registry`);
  const adapter = QueryAdapter.fromBase64(stored.dimensions, stored.weights);
  return (vector: readonly number[]) => adapter.apply(vector);
}

/** Holdout pairs grouped by query into judged queries. */
function judged(pairs: readonly DatasetPair[], vectors: ReadonlyMap<string, number[]>): JudgedQuery[] {
  const byQuery = new Map<string, Map<string, number>>();
  for (const pair of pairs) {
    const judgments = byQuery.get(pair.query) ?? new Map<string, number>();
    judgments.set(documentKey(pair.positive), pair.grade);
    byQuery.set(pair.query, judgments);
  }
  return [...byQuery].map(([query, judgments]) => ({ query, vector: vectors.get(query) ?? [], judgments }));
}
