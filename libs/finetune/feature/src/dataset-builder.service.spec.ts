import type { FeedbackEntryV1, FineTuneDatasetRecipeV1, QueryLogEntryV1 } from '@tributary/contracts';
import type { StoredDataset } from '@tributary/finetune-data-access';
import type { TrainingChunk } from '@tributary/search-data-access';
import { normalizeQuery } from '@tributary/finetune-util';
import { DatasetBuilderService, type DatasetSources } from './dataset-builder.service';

type FeedbackPort = DatasetSources['feedback'];
type QueryLogPort = DatasetSources['queryLog'];
type ChunksPort = DatasetSources['chunks'];
type DatasetStorePort = DatasetSources['store'];

/** The feedback stream: ids are increasing integers, as Redis stream ids increase. */
class FakeFeedback implements FeedbackPort {
  readonly reads: Array<{ beforeId: string; count: number }> = [];
  private readonly entries: Array<{ id: string; entry: FeedbackEntryV1 }> = [];

  add(entry: Omit<Partial<FeedbackEntryV1>, 'query' | 'docId'> & Pick<FeedbackEntryV1, 'query' | 'docId'>) {
    const id = String(this.entries.length + 1);
    this.entries.push({
      id,
      entry: {
        feedbackId: `f-${id}`,
        queryId: `q-${normalizeQuery(entry.query)}`,
        tenant: 'acme',
        keyId: 'key-1',
        source: 'wiki',
        label: 'click',
        at: '2024-01-01T00:00:00.000Z',
        ...entry,
      },
    });
  }

  /** Newest first, as XREVRANGE reads. */
  async readBefore(beforeId: string, count: number) {
    this.reads.push({ beforeId, count });
    const before = beforeId === '+' ? Infinity : Number(beforeId);
    return this.entries
      .filter(({ id }) => Number(id) < before)
      .reverse()
      .slice(0, count);
  }
}

class FakeQueryLog implements QueryLogPort {
  readonly entries = new Map<string, QueryLogEntryV1>();
  readonly lookups: string[] = [];

  async findMany(queryIds: readonly string[]) {
    this.lookups.push(...queryIds);
    const found = new Map<string, QueryLogEntryV1>();
    for (const id of queryIds) {
      const entry = this.entries.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }
}

class FakeChunks implements ChunksPort {
  readonly samples: Array<{
    index: string;
    tenant: string;
    size: number;
    seed: number;
    sources?: readonly string[];
  }> = [];

  constructor(readonly corpus: TrainingChunk[] = []) {}

  async sample(index: string, tenant: string, size: number, seed: number, sources?: readonly string[]) {
    this.samples.push({ index, tenant, size, seed, ...(sources ? { sources } : {}) });
    return this.corpus.slice(0, size);
  }
}

class FakeDatasetStore implements DatasetStorePort {
  readonly saved = new Map<string, StoredDataset>();

  async save(dataset: StoredDataset) {
    if (this.saved.has(dataset.id)) return false;
    this.saved.set(dataset.id, dataset);
    return true;
  }
}

const chunk = (docId: string, chunkNo: number, text: string): TrainingChunk => ({
  source: 'wiki',
  docId,
  chunk: chunkNo,
  title: docId,
  text,
  embedding: [1, 0],
});

const recipe = (overrides: Partial<FineTuneDatasetRecipeV1> = {}): FineTuneDatasetRecipeV1 => ({
  tenant: 'acme',
  feedback: true,
  pseudoQueries: 0,
  holdoutFraction: 0.2,
  minPairs: 1,
  maxPairs: 50_000,
  ...overrides,
});

function setup(corpus: TrainingChunk[] = []) {
  const feedback = new FakeFeedback();
  const queryLog = new FakeQueryLog();
  const chunks = new FakeChunks(corpus);
  const store = new FakeDatasetStore();
  const builder = new DatasetBuilderService({ feedback, queryLog, chunks, store });
  const build = (overrides: Partial<FineTuneDatasetRecipeV1> = {}, seed = 7) =>
    builder.build({ plan: 'support', recipe: recipe(overrides), index: 'chunks-v3', seed });
  return { feedback, queryLog, chunks, store, build };
}

const allPairs = (dataset: StoredDataset) => [...dataset.train, ...dataset.holdout];

describe('DatasetBuilderService', () => {
  it('reads the feedback stream newest first, a page at a time, until a short page', async () => {
    const { feedback, build } = setup();
    for (let i = 0; i < 2_500; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });

    const { dataset } = await build();

    expect(feedback.reads).toEqual([
      { beforeId: '+', count: 1_000 },
      { beforeId: '1501', count: 1_000 },
      { beforeId: '501', count: 1_000 },
    ]);
    expect(dataset.counts.feedbackPairs).toBe(2_500);
    expect(dataset.lineage).toMatchObject({
      feedbackEntries: 2_500,
      feedbackRead: { from: '1', through: '2500' },
    });
  });

  it('asks once more after a full last page and stops at the empty one', async () => {
    const { feedback, build } = setup();
    for (let i = 0; i < 1_000; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });

    await build();

    expect(feedback.reads.map((read) => read.beforeId)).toEqual(['+', '1']);
  });

  it('stops reading once twice maxPairs distinct labels are in hand: older feedback could not make the cut', async () => {
    const { feedback, build } = setup();
    for (let i = 0; i < 5_000; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });

    const { dataset } = await build({ maxPairs: 600 });

    expect(feedback.reads.map((read) => read.beforeId)).toEqual(['+', '4001']);
    expect(dataset.counts.feedbackPairs).toBe(600);
    // The newest 600: question 4400 … question 4999.
    expect(allPairs(dataset).some((pair) => pair.query === 'question 4999')).toBe(true);
    expect(allPairs(dataset).some((pair) => pair.query === 'question 4399')).toBe(false);
  });

  it('lets the latest label of a pair win though it reads newest first', async () => {
    const { feedback, build } = setup();
    feedback.add({ query: 'reset password', docId: 'a', label: 'thumbs_up' });
    feedback.add({ query: 'reset password', docId: 'a', label: 'thumbs_down' });
    feedback.add({ query: 'reset password', docId: 'b', label: 'click' });

    const { dataset } = await build();

    expect(allPairs(dataset).map((pair) => pair.positive.docId)).toEqual(['b']);
  });

  it("uses only the recipe tenant's feedback, on the recipe's sources when it names some", async () => {
    const { feedback, build } = setup();
    feedback.add({ query: 'ours on wiki', docId: 'a' });
    feedback.add({ query: 'ours on tickets', docId: 'b', source: 'tickets' });
    feedback.add({ query: 'theirs on wiki', docId: 'c', tenant: 'other' });

    const everySource = (await build()).dataset;
    const wikiOnly = (await build({ sources: ['wiki'] })).dataset;

    expect(
      allPairs(everySource)
        .map((pair) => pair.query)
        .sort(),
    ).toEqual(['ours on tickets', 'ours on wiki']);
    expect(allPairs(wikiOnly).map((pair) => pair.query)).toEqual(['ours on wiki']);
    expect(feedback.reads.at(-1)).toEqual({ beforeId: '+', count: 1_000 });
  });

  it('reads no feedback when the recipe turns feedback off', async () => {
    const { feedback, build } = setup();
    feedback.add({ query: 'ignored question', docId: 'a' });

    const { dataset } = await build({ feedback: false });

    expect(feedback.reads).toEqual([]);
    expect(dataset.counts.feedbackPairs).toBe(0);
  });

  it('looks each search up in the query log once and turns skipped hits into negatives', async () => {
    const { feedback, queryLog, build } = setup();
    queryLog.entries.set('q-reset password', {
      queryId: 'q-reset password',
      tenant: 'acme',
      keyId: 'key-1',
      query: 'reset password',
      mode: 'vector',
      page: 1,
      hits: [
        { source: 'wiki', docId: 'skipped' },
        { source: 'wiki', docId: 'good' },
      ],
      latencyMs: 5,
      at: '2024-01-01T00:00:00.000Z',
    });
    feedback.add({ query: 'reset password', docId: 'good' });
    feedback.add({ query: 'reset password', docId: 'also-good' });

    const { dataset } = await build();

    expect(queryLog.lookups).toEqual(['q-reset password']);
    for (const pair of allPairs(dataset))
      expect(pair.negatives).toEqual([{ source: 'wiki', docId: 'skipped' }]);
  });

  it('mines one pseudo-query per sampled chunk, naming the chunk it came from', async () => {
    const text = 'Rotate the signing keys every ninety days at least. Store the old keys for audits only.';
    const { chunks, build } = setup([chunk('security', 4, text), chunk('short', 0, 'Too short.')]);

    const { dataset } = await build({ pseudoQueries: 10, sources: ['wiki'] }, 11);

    expect(chunks.samples).toEqual([
      { index: 'chunks-v3', tenant: 'acme', size: 10, seed: 11, sources: ['wiki'] },
    ]);
    expect(dataset.holdout).toEqual([]);
    expect(dataset.train).toHaveLength(1);
    const [pair] = dataset.train;
    expect(pair).toMatchObject({
      positive: { source: 'wiki', docId: 'security', chunk: 4 },
      grade: 1,
      origin: 'pseudo',
    });
    expect([
      'Rotate the signing keys every ninety days at least',
      'Store the old keys for audits only',
    ]).toContain(pair!.query);
    expect(dataset.counts.pseudoPairs).toBe(1);
  });

  it('keeps one pair per query and document when sampled chunks repeat a sentence', async () => {
    const text = 'Rotate the signing keys every ninety days at least.';
    const { build } = setup([
      chunk('security', 0, text),
      chunk('security', 1, text),
      chunk('other', 0, text),
    ]);

    const { dataset } = await build({ pseudoQueries: 10 });

    expect(dataset.train.map((pair) => `${pair.positive.docId}#${pair.positive.chunk}`)).toEqual([
      'security#0',
      'other#0',
    ]);
  });

  it('holds out whole feedback queries only: pseudo pairs always train', async () => {
    const text = 'Rotate the signing keys every ninety days at least.';
    const corpus = Array.from({ length: 20 }, (_, i) =>
      chunk(`doc-${i}`, 0, text.replace('ninety', `${i + 10}`)),
    );
    const { feedback, build } = setup(corpus);
    for (let i = 0; i < 60; i++) {
      feedback.add({ query: `Question ${i}`, docId: `a${i}` });
      feedback.add({ query: `  question   ${i} `, docId: `b${i}`, queryId: `again-${i}` });
    }

    const { dataset } = await build({ holdoutFraction: 0.3, pseudoQueries: 20 });

    expect(dataset.holdout.length).toBeGreaterThan(0);
    expect(dataset.holdout.every((pair) => pair.origin === 'feedback')).toBe(true);
    expect(dataset.train.filter((pair) => pair.origin === 'pseudo')).toHaveLength(20);
    const trainQueries = new Set(dataset.train.map((pair) => normalizeQuery(pair.query)));
    for (const pair of dataset.holdout) expect(trainQueries.has(normalizeQuery(pair.query))).toBe(false);
    expect(dataset.counts).toMatchObject({
      train: dataset.train.length,
      holdout: dataset.holdout.length,
      feedbackPairs: 120,
      pseudoPairs: 20,
      queries: 60,
    });
  });

  it('never trains on a reserved (golden) query, from feedback or as a pseudo-query', async () => {
    const corpus = [chunk('doc-g', 0, 'How do I rotate the signing keys safely?')];
    const { feedback, store } = setup(corpus);
    for (let i = 0; i < 40; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });
    feedback.add({ query: 'How do I rotate the signing keys safely', docId: 'doc-g' });
    const builder = new DatasetBuilderService({
      feedback,
      queryLog: new FakeQueryLog(),
      chunks: new FakeChunks(corpus),
      store,
    });

    const { dataset } = await builder.build({
      plan: 'support',
      recipe: recipe({ pseudoQueries: 1, holdoutFraction: 0.05 }),
      index: 'chunks-v3',
      seed: 7,
      reserved: ['how do I rotate the signing keys safely'],
    });

    const reserved = normalizeQuery('How do I rotate the signing keys safely');
    expect(dataset.train.some((pair) => normalizeQuery(pair.query).startsWith(reserved))).toBe(false);
    expect(dataset.holdout.map((pair) => pair.positive.docId)).toContain('doc-g');
  });

  it('gives the same inputs the same content-addressed id, stored once', async () => {
    const { feedback, store, build } = setup([
      chunk('security', 0, 'Rotate the signing keys every ninety days.'),
    ]);
    feedback.add({ query: 'reset password', docId: 'a' });

    const first = await build({ pseudoQueries: 5 });
    const second = await build({ pseudoQueries: 5 });

    expect(second.dataset.id).toBe(first.dataset.id);
    expect(first.dataset.id).toMatch(/^support-[0-9a-f]{16}$/);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(store.saved.size).toBe(1);
  });

  it('gives the dataset a new id when the feedback changes', async () => {
    const { feedback, build } = setup();
    feedback.add({ query: 'reset password', docId: 'a' });
    const before = await build();
    feedback.add({ query: 'reset password', docId: 'a', label: 'thumbs_up' });
    const after = await build();

    expect(after.dataset.id).not.toBe(before.dataset.id);
    expect(after.created).toBe(true);
  });

  it('caps the pairs at maxPairs, keeping the latest feedback and leaving no room for pseudo pairs', async () => {
    const { feedback, chunks, build } = setup([
      chunk('security', 0, 'Rotate the signing keys every ninety days.'),
    ]);
    for (let i = 0; i < 30; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });

    const { dataset } = await build({ maxPairs: 20, pseudoQueries: 100 });

    expect(dataset.counts.feedbackPairs).toBe(20);
    expect(allPairs(dataset)).toHaveLength(20);
    expect(allPairs(dataset).map((pair) => pair.positive.docId)).not.toContain('d9');
    expect(allPairs(dataset).map((pair) => pair.positive.docId)).toContain('d29');
    expect(chunks.samples.map((sample) => sample.size)).toEqual([0]);
  });

  it('samples only as many chunks as maxPairs leaves after the feedback pairs', async () => {
    const { feedback, chunks, build } = setup();
    for (let i = 0; i < 5; i++) feedback.add({ query: `question ${i}`, docId: `d${i}` });

    await build({ maxPairs: 8, pseudoQueries: 100 });

    expect(chunks.samples.map((sample) => sample.size)).toEqual([3]);
  });
});
