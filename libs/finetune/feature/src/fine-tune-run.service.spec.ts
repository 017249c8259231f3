import type {
  FineTunePlanV1,
  FineTuneRunV1,
  QueryAdapterTrainerV1,
  RegisteredModelV1,
} from '@tributary/contracts';
import type { DatasetPair, StoredAdapterWeights, StoredDataset } from '@tributary/finetune-data-access';
import { QueryAdapter, SeededRandom } from '@tributary/finetune-util';
import type { TrainingChunk } from '@tributary/search-data-access';
import type { DatasetRequest } from './dataset-builder.service';
import { FineTuneInputError } from './fine-tune.errors';
import { FineTuneRunService, type FineTuneRunDependencies, type RunRequest } from './fine-tune-run.service';
import type { AdapterCyclePorts } from './query-adapter-cycle';
import { documentKey } from './query-vectors';
import { InMemoryRunControl } from './run-control.fake';

/*
 * A retrieval problem a linear query map can fix: document i is the unit vector
 * e_i, and every query about document i is (up to a little noise) e_{SCRAMBLE(i)}
 * + e_i / 2. The base model (the identity) ranks another document first and the
 * right one second (nDCG@10 about 0.63); an adapter that learns the inverse
 * permutation ranks the right one first, and one trained on shuffled labels
 * pushes it further down.
 */
const DIMENSIONS = 16;
const SCRAMBLE = (i: number) => (5 * i + 3) % DIMENSIONS;
const unit = (i: number) => Array.from({ length: DIMENSIONS }, (_, j) => (j === i ? 1 : 0));
const normalize = (vector: number[]) => {
  const length = Math.hypot(...vector);
  return vector.map((value) => value / length);
};
const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const docId = (i: number) => `doc-${i}`;

const corpus: TrainingChunk[] = Array.from({ length: DIMENSIONS }, (_, i) => ({
  source: 'kb',
  docId: docId(i),
  chunk: 0,
  title: docId(i),
  text: `document ${i}`,
  embedding: unit(i),
}));

function syntheticDataset(): { dataset: StoredDataset; queryVectors: Map<string, number[]> } {
  const noise = new SeededRandom(3);
  const queryVectors = new Map<string, number[]>();
  const pairAbout = (i: number, query: string): DatasetPair => {
    const direction = unit(SCRAMBLE(i)).map(
      (value, j) => value + (j === i ? 0.5 : 0) + 0.05 * (noise.next() - 0.5),
    );
    queryVectors.set(query, normalize(direction));
    return { query, positive: { source: 'kb', docId: docId(i) }, grade: 1, origin: 'feedback' };
  };
  const documents = Array.from({ length: DIMENSIONS }, (_, i) => i);
  const train = documents.flatMap((i) => [0, 1, 2].map((k) => pairAbout(i, `how do I ${i} (${k})`)));
  const holdout = documents.map((i) => pairAbout(i, `held-out question ${i}`));
  const dataset: StoredDataset = {
    id: 'support-0123456789abcdef',
    plan: 'support',
    createdAt: '2024-05-01T00:00:00.000Z',
    lineage: {},
    counts: {
      train: train.length,
      holdout: holdout.length,
      feedbackPairs: train.length + holdout.length,
      pseudoPairs: 0,
      queries: 64,
    },
    train,
    holdout,
  };
  return { dataset, queryVectors };
}

/** An adapter that maps every query back to its right document: a champion no candidate can beat. */
function perfectAdapter(): QueryAdapter {
  const weights = new Float32Array(DIMENSIONS * DIMENSIONS);
  for (let i = 0; i < DIMENSIONS; i++) weights[i * DIMENSIONS + SCRAMBLE(i)] = 1;
  return new QueryAdapter(DIMENSIONS, weights);
}

type RegistryPort = AdapterCyclePorts['registry'];
type RunStorePort = Pick<FineTuneRunDependencies['runs'], 'save' | 'get'>;

class FakeRegistry implements RegistryPort {
  readonly saves: Array<{ model: RegisteredModelV1; weights?: StoredAdapterWeights }> = [];
  readonly activations: Array<{ id: string; by: string; expectedActive?: string | null }> = [];
  readonly stored = new Map<string, StoredAdapterWeights>();
  active?: string;

  async save(model: RegisteredModelV1, weights?: StoredAdapterWeights) {
    this.saves.push({ model, ...(weights ? { weights } : {}) });
    if (weights) this.stored.set(model.id, weights);
  }

  async pointer() {
    return this.active ? { active: this.active } : {};
  }

  async weights(id: string) {
    return this.stored.get(id);
  }

  async activate(id: string, by: string, expectedActive?: string | null) {
    this.activations.push({ id, by, expectedActive });
    this.active = id;
    return {};
  }
}

/** Every saved snapshot of every run, as the runs index would have seen them one after another. */
class RecordingRunStore implements RunStorePort {
  readonly snapshots: Array<{ run: FineTuneRunV1; refresh: boolean }> = [];

  async save(run: FineTuneRunV1, options?: { refresh?: boolean }) {
    this.snapshots.push({ run: structuredClone(run), refresh: options?.refresh === true });
  }

  async get(runId: string) {
    const last = this.snapshots.filter((snapshot) => snapshot.run.runId === runId).at(-1);
    return last ? structuredClone(last.run) : undefined;
  }

  latest(): FineTuneRunV1 {
    const last = this.snapshots.at(-1);
    if (!last) throw new Error('no run saved');
    return last.run;
  }

  /** Stages in the order they first appeared in a saved snapshot. */
  stageOrder(): string[] {
    const seen: string[] = [];
    for (const { run } of this.snapshots)
      for (const stage of Object.keys(run.stages)) if (!seen.includes(stage)) seen.push(stage);
    return seen;
  }
}

const trainer = (overrides: Partial<QueryAdapterTrainerV1> = {}): QueryAdapterTrainerV1 => ({
  kind: 'query-adapter',
  seed: 42,
  epochs: 40,
  batchSize: 16,
  learningRate: 0.05,
  identityPenalty: 0,
  shuffleLabels: false,
  ...overrides,
});

const planWith = (overrides: Partial<FineTunePlanV1> = {}): FineTunePlanV1 => ({
  name: 'support',
  trainer: trainer(),
  dataset: {
    tenant: 'acme',
    feedback: true,
    pseudoQueries: 0,
    holdoutFraction: 0.2,
    minPairs: 20,
    maxPairs: 50_000,
  },
  promotion: { margin: 0.05, automatic: true },
  paused: false,
  ...overrides,
});

function setup(plan: FineTunePlanV1 | null = planWith()) {
  const { dataset, queryVectors } = syntheticDataset();
  const runs = new RecordingRunStore();
  const control = new InMemoryRunControl();
  const registry = new FakeRegistry();
  const builds: DatasetRequest[] = [];
  const portRequests: Array<[string, string, string]> = [];
  const progress: Array<[string, number]> = [];
  const fakes = {
    dataset,
    buildError: undefined as Error | undefined,
    /** Called on every progress report: lets a test act in the middle of a run. */
    onProgress: (_stage: string, _percent: number) => undefined as void,
  };
  const ports: AdapterCyclePorts = {
    async embedQuery(text) {
      const vector = queryVectors.get(text);
      if (!vector) throw new Error(`no vector for ${text}`);
      return vector;
    },
    async chunksOf(documents) {
      const wanted = new Set(documents.map(documentKey));
      return new Map(
        corpus
          .filter((chunk) => wanted.has(documentKey(chunk)))
          .map((chunk) => [documentKey(chunk), [chunk]]),
      );
    },
    ranker: {
      async rank(vector, size) {
        return corpus
          .map((chunk) => ({ key: documentKey(chunk), score: dot(vector, chunk.embedding) }))
          .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
          .slice(0, size)
          .map((hit) => hit.key);
      },
    },
    registry,
  };
  const service = new FineTuneRunService({
    plans: { get: async (name) => (plan?.name === name ? plan : undefined) },
    runs,
    control,
    datasets: {
      async build(request) {
        builds.push(request);
        if (fakes.buildError) throw fakes.buildError;
        return { dataset: fakes.dataset, created: true };
      },
    },
    activeIndex: async () => ({ index: 'chunks-v2', model: 'bge-small' }),
    async adapterPorts(index, model, tenant) {
      portRequests.push([index, model, tenant]);
      return ports;
    },
    generatorPorts: () => undefined,
    leaseMs: 60,
  });
  const request = (overrides: Partial<RunRequest> = {}): RunRequest => ({
    runId: 'run-1',
    attempt: 1,
    willRetry: false,
    job: { plan: 'support', trigger: 'manual', requestedBy: 'ops' },
    async progress(stage, percent) {
      progress.push([stage, percent]);
      fakes.onProgress(stage, percent);
    },
    ...overrides,
  });
  return { service, request, runs, control, registry, builds, portRequests, progress, fakes };
}

describe('FineTuneRunService', () => {
  it('records dataset, train, evaluate and promote in order, and promotes a candidate that wins', async () => {
    const { service, request, runs, control, registry, builds, portRequests } = setup();

    const result = await service.run(request());

    expect(result).toEqual({
      status: 'succeeded',
      outcome: 'promoted',
      reason: expect.stringMatching(/^beats the champion/),
    });
    expect(runs.stageOrder()).toEqual(['dataset', 'train', 'evaluate', 'promote']);
    const run = runs.latest();
    expect(run).toMatchObject({
      runId: 'run-1',
      plan: 'support',
      status: 'succeeded',
      outcome: 'promoted',
      attempt: 1,
    });
    expect(run.finishedAt).toBeDefined();
    expect(runs.snapshots.at(-1)?.refresh).toBe(true);
    for (const stage of ['dataset', 'train', 'evaluate', 'promote'] as const) {
      expect(run.stages[stage]).toMatchObject({
        status: 'succeeded',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      });
    }
    expect(builds).toEqual([
      { plan: 'support', recipe: planWith().dataset, index: 'chunks-v2', seed: 42, reserved: [] },
    ]);
    expect(portRequests).toEqual([['chunks-v2', 'bge-small', 'acme']]);
    expect(run.stages.dataset?.inputs).toEqual({ recipe: planWith().dataset, index: 'chunks-v2', seed: 42 });
    expect(run.stages.dataset?.outputs).toMatchObject({
      datasetId: 'support-0123456789abcdef',
      created: true,
      counts: { feedbackPairs: 64 },
    });
    const modelId = run.stages.train?.outputs?.['modelId'];
    expect(modelId).toMatch(/^support-/);
    expect(run.stages.train?.inputs).toMatchObject({
      datasetId: 'support-0123456789abcdef',
      pairs: 48,
      baseModel: 'bge-small',
    });
    expect(run.stages.train?.outputs).toMatchObject({ examples: 48, skipped: 0 });
    const scores = run.stages.evaluate?.outputs?.['scores'] as Record<
      string,
      { candidate: { ndcg10: number }; champion: { ndcg10: number } }
    >;
    expect(run.stages.evaluate?.outputs?.['champion']).toBe('none (the base model)');
    expect(scores['holdout']!.champion.ndcg10).toBeLessThan(0.7);
    expect(scores['holdout']!.candidate.ndcg10).toBeGreaterThan(0.95);
    expect(run.stages.promote?.inputs).toEqual({ modelId, margin: 0.05 });
    expect(run.stages.promote?.outputs).toMatchObject({ outcome: 'promoted' });
    expect(registry.activations).toEqual([{ id: modelId, by: 'plan:support', expectedActive: null }]);
    expect(registry.saves.at(-1)?.model).toMatchObject({
      id: modelId,
      runId: 'run-1',
      decision: { promote: true },
    });
    expect(control.leases.size).toBe(0);
  });

  it('only records a winning candidate when the plan does not promote automatically', async () => {
    const { service, request, registry } = setup(planWith({ promotion: { margin: 0.05, automatic: false } }));

    const result = await service.run(request());

    expect(result.outcome).toBe('recorded');
    expect(registry.saves.at(-1)?.model.decision?.promote).toBe(true);
    expect(registry.activations).toEqual([]);
  });

  it('refuses a candidate trained on shuffled labels: it is saved with promote=false and never activated', async () => {
    const { service, request, runs, registry } = setup(
      planWith({ trainer: trainer({ shuffleLabels: true }) }),
    );

    const result = await service.run(request());

    expect(result).toMatchObject({
      status: 'succeeded',
      outcome: 'refused',
      reason: expect.stringMatching(/^does not beat/),
    });
    const scores = runs.latest().stages.evaluate?.outputs?.['scores'] as Record<
      string,
      { candidate: { ndcg10: number }; champion: { ndcg10: number } }
    >;
    expect(scores['holdout']!.candidate.ndcg10).toBeLessThan(scores['holdout']!.champion.ndcg10);
    expect(runs.latest().stages.promote?.outputs).toMatchObject({ outcome: 'refused' });
    const saved = registry.saves.at(-1);
    expect(saved?.model.decision?.promote).toBe(false);
    expect(saved?.weights?.dimensions).toBe(DIMENSIONS);
    expect(registry.activations).toEqual([]);
  });

  it('refuses a candidate that cannot beat a champion that is already perfect', async () => {
    const { service, request, runs, registry } = setup();
    const champion = perfectAdapter();
    registry.stored.set('support-champion', {
      dimensions: DIMENSIONS,
      weights: champion.toBase64(),
      checksum: champion.checksum(),
    });
    registry.active = 'support-champion';

    const result = await service.run(request());

    expect(result.outcome).toBe('refused');
    const evaluate = runs.latest().stages.evaluate?.outputs;
    expect(evaluate?.['champion']).toBe('support-champion');
    expect(
      (evaluate?.['scores'] as Record<string, { champion: { ndcg10: number } }>)['holdout']!.champion.ndcg10,
    ).toBe(1);
    expect(registry.saves.at(-1)?.model.decision?.promote).toBe(false);
    expect(registry.activations).toEqual([]);
    expect(registry.active).toBe('support-champion');
  });

  it("ends with outcome 'no-data' and skips train, evaluate and promote when feedback pairs are under minPairs", async () => {
    const { service, request, runs, portRequests, fakes } = setup(
      planWith({ dataset: { ...planWith().dataset, minPairs: 65 } }),
    );

    const result = await service.run(request());

    expect(result).toEqual({
      status: 'succeeded',
      outcome: 'no-data',
      reason: '64 feedback pairs; the plan needs 65 before training',
    });
    const run = runs.latest();
    expect(run.stages.dataset?.status).toBe('succeeded');
    for (const stage of ['train', 'evaluate', 'promote'] as const) {
      expect(run.stages[stage]).toMatchObject({ status: 'skipped', outputs: { reason: result.reason } });
    }
    expect(portRequests).toEqual([]);
    expect(fakes.dataset.counts.feedbackPairs).toBe(64);
  });

  it("ends 'skipped', naming the holder, when another run holds the plan's lease", async () => {
    const { service, request, runs, control, builds } = setup();
    control.leases.set('support', 'run-0');

    const result = await service.run(request());

    expect(result).toEqual({ status: 'skipped', reason: 'run run-0 of plan support was still going' });
    expect(runs.latest()).toMatchObject({ status: 'skipped', reason: result.reason });
    expect(builds).toEqual([]);
    expect(control.leases.get('support')).toBe('run-0');
  });

  it('marks the run failed and throws FineTuneInputError when its plan does not exist', async () => {
    const { service, request, runs, control } = setup(null);

    await expect(service.run(request())).rejects.toBeInstanceOf(FineTuneInputError);

    expect(runs.latest()).toMatchObject({
      status: 'failed',
      reason: 'plan support does not exist (deleted?)',
    });
    expect(control.leases.size).toBe(0);
  });

  it("leaves the run 'queued' and rethrows when a transient error will be retried", async () => {
    const { service, request, runs, control, fakes } = setup();
    fakes.buildError = new Error('elasticsearch unavailable');

    await expect(service.run(request({ willRetry: true }))).rejects.toThrow('elasticsearch unavailable');

    const run = runs.latest();
    expect(run).toMatchObject({ status: 'queued', reason: 'elasticsearch unavailable' });
    expect(run.finishedAt).toBeUndefined();
    expect(run.stages.dataset).toMatchObject({ status: 'failed', error: 'elasticsearch unavailable' });
    expect(run.logs.at(-1)).toMatchObject({
      level: 'error',
      message: 'attempt 1 failed: elasticsearch unavailable; it will be retried',
    });
    expect(control.leases.size).toBe(0);
  });

  it('marks the run failed and rethrows when the last attempt fails', async () => {
    const { service, request, runs, fakes } = setup();
    fakes.buildError = new Error('elasticsearch unavailable');

    await expect(service.run(request({ attempt: 3, willRetry: false }))).rejects.toThrow(
      'elasticsearch unavailable',
    );

    expect(runs.latest()).toMatchObject({
      status: 'failed',
      reason: 'elasticsearch unavailable',
      attempt: 3,
    });
    expect(runs.latest().logs.at(-1)?.message).toBe('attempt 3 failed: elasticsearch unavailable');
  });

  it('does not queue a retry of an input error, even with attempts left', async () => {
    const { service, request, runs } = setup(
      planWith({ trainer: { kind: 'openai-chat', model: 'gpt-4o-mini' } }),
    );

    await expect(service.run(request({ willRetry: true }))).rejects.toBeInstanceOf(FineTuneInputError);

    expect(runs.latest()).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('FINETUNE_API_URL'),
    });
  });

  it("ends 'cancelled' without building a dataset when the run was cancelled before it started", async () => {
    const { service, request, runs, control, builds } = setup();
    control.cancels.set('run-1', 'cancelled by ops');

    const result = await service.run(request());

    expect(result).toEqual({ status: 'cancelled', reason: 'cancelled by ops' });
    expect(runs.latest()).toMatchObject({ status: 'cancelled', reason: 'cancelled by ops' });
    expect(builds).toEqual([]);
    expect(control.leases.size).toBe(0);
  });

  it("ends 'cancelled', not retried, when cancelled in the middle of training", async () => {
    const { service, request, runs, control, registry, fakes } = setup(
      planWith({ trainer: trainer({ epochs: 5_000 }) }),
    );
    fakes.onProgress = (stage) => {
      if (stage === 'train') control.cancels.set('run-1', 'cancelled by ops');
    };

    const result = await service.run(request({ willRetry: true }));

    expect(result).toEqual({ status: 'cancelled', reason: 'cancelled by ops' });
    const run = runs.latest();
    expect(run.status).toBe('cancelled');
    expect(run.stages.train?.status).toBe('failed');
    expect(run.stages.evaluate).toBeUndefined();
    expect(registry.saves).toEqual([]);
    expect(control.leases.size).toBe(0);
  });

  it('continues the record a previous attempt left, keeping its creation time and so its model id', async () => {
    const { service, request, runs } = setup();
    await runs.save({
      runId: 'run-1',
      plan: 'support',
      trigger: 'schedule',
      status: 'queued',
      attempt: 1,
      createdAt: '2024-05-01T10:20:30.456Z',
      stages: {
        dataset: { status: 'failed', startedAt: '2024-05-01T10:20:31.000Z', inputs: {}, error: 'boom' },
      },
      logs: [{ at: '2024-05-01T10:20:31.000Z', level: 'error', message: 'attempt 1 failed: boom' }],
    });

    await service.run(request({ attempt: 2 }));

    const run = runs.latest();
    expect(run).toMatchObject({
      trigger: 'schedule',
      attempt: 2,
      createdAt: '2024-05-01T10:20:30.456Z',
      status: 'succeeded',
    });
    expect(run.stages.train?.outputs?.['modelId']).toContain('20240501T102030');
    expect(run.logs.map((log) => log.message).slice(0, 2)).toEqual([
      'attempt 1 failed: boom',
      'attempt 2 started',
    ]);
  });

  it('finishes at once, promoted, when an earlier attempt of the run already made its model live', async () => {
    const first = setup();
    await first.service.run(first.request());
    const modelId = first.registry.activations[0]?.id;

    // The worker died after the commit point; the retry sees its own model live and changes nothing.
    // The retry reads the record the first attempt left, as a real one does: its creation time fixes the model id.
    const { service, request, registry, runs } = setup();
    await runs.save(first.runs.latest());
    registry.active = modelId;
    const retry = await service.run(request({ attempt: 2 }));
    expect(runs.latest().stages.train).toBeUndefined();
    expect(retry).toMatchObject({
      status: 'succeeded',
      outcome: 'promoted',
      reason: expect.stringContaining('earlier attempt'),
    });
    expect(registry.saves).toEqual([]);
    expect(registry.activations).toEqual([]);
  });

  it('does not promote a winning candidate when the run was cancelled during evaluation', async () => {
    const { service, request, control, registry, fakes } = setup();
    fakes.onProgress = (stage, percent) => {
      // Training is over once it reports 100%: the cancel lands between training and promotion.
      if (stage === 'train' && percent === 100) control.cancels.set('run-1', 'cancelled by ops');
    };

    const result = await service.run(request());

    expect(result).toEqual({ status: 'cancelled', reason: 'cancelled by ops' });
    expect(registry.activations).toEqual([]);
  });

  it('skips a scheduled job of a paused plan: a stale schedule must not run', async () => {
    const { service, request, builds } = setup(planWith({ paused: true, schedule: { everyMs: 60_000 } }));

    const result = await service.run(request({ job: { plan: 'support', trigger: 'schedule' } }));

    expect(result).toEqual({ status: 'skipped', reason: 'plan support is paused' });
    expect(builds).toEqual([]);
  });
});
