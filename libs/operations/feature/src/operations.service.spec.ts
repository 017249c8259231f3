import { DeadLetterNotPendingError } from '@tributary/kafka';
import { detail, fakePorts, letter } from './operations-ports.fake';
import { OperationsInputError, OperationsNotFoundError } from './operations.errors';
import type { OperationsPorts } from './operations.ports';
import { OperationsService } from './operations.service';

const TOPICS = ['tributary.documents.changes', 'tributary.documents.changes.dlq'];
const service = (ports: Partial<OperationsPorts> = {}, sectionTimeoutMs = 1_000) =>
  new OperationsService(fakePorts(ports), { topics: TOPICS, sectionTimeoutMs, freshnessWindowMs: 900_000 });

const never = () => new Promise<never>(() => undefined);

describe('OperationsService.overview', () => {
  it('reads every section: topics, lag (no trend yet), dead letters, queues, connectors, index, freshness, fine-tuning', async () => {
    const overview = await service().overview();

    expect(Date.parse(overview.generatedAt)).toBeGreaterThan(Date.now() - 5_000);
    expect(overview.topics).toMatchObject({ ok: true, value: [{ name: TOPICS[0] }, { name: TOPICS[1] }] });
    expect(overview.consumerGroups).toEqual({
      ok: true,
      value: [expect.objectContaining({ group: 'tributary-embedder', lag: 2, trend: [] })],
    });
    expect(overview.deadLetters).toEqual({
      ok: true,
      value: {
        pending: 2,
        letters: [
          {
            position: '0:0',
            failedAt: '2026-11-24T10:00:00.000Z',
            source: 'docs',
            docId: '0.md',
            attempts: 3,
            error: 'Error: cannot embed',
          },
          expect.objectContaining({ position: '0:1' }),
        ],
      },
    });
    expect(overview.queues).toMatchObject({
      ok: true,
      value: [{ name: 'tributary-finetune', paused: false }],
    });
    expect(overview.freshness).toEqual({
      ok: true,
      value: { windowSeconds: 900, samples: 5, p50Seconds: 1.5, p99Seconds: 4 },
    });
  });

  it('shows connectors with schedule text, progress, last run, checkpoint count and a waiting run-now request', async () => {
    const { connectors } = await service().overview();

    expect(connectors).toEqual({
      ok: true,
      value: [
        {
          source: 'docs',
          tenant: 'default',
          kind: 'filesystem',
          schedule: 'every 60s',
          runningOn: 'host:1',
          nextRunAt: '2026-11-24T10:01:00.000Z',
          lastRun: {
            startedAt: '2026-11-24T10:00:00.000Z',
            finishedAt: '2026-11-24T10:00:02.000Z',
            seen: 10,
            changed: 2,
            deleted: 0,
            failed: 1,
          },
          checkpoints: 100,
        },
        {
          source: 'wiki',
          tenant: 'acme',
          kind: 'web',
          schedule: '0 * * * *',
          currentRun: { startedAt: '2026-11-24T10:00:00.000Z', seen: 5, changed: 1, deleted: 0, failed: 0 },
          checkpoints: 200,
          runRequestedAt: '2026-11-24T10:00:05.000Z',
        },
      ],
    });
  });

  it("shows the index with the live adapter of the active index's model", async () => {
    const pointer = jest.fn(fakePorts().models.pointer);
    const { index } = await service({ models: { ...fakePorts().models, pointer } }).overview();

    expect(pointer).toHaveBeenCalledWith('query-adapter', 'model-a');
    expect(index).toEqual({
      ok: true,
      value: {
        alias: 'tributary-chunks',
        targets: [
          {
            role: 'active',
            index: 'tributary-chunks-a-m1',
            model: 'model-a',
            dimensions: 4,
            chunks: 30,
            bytes: 2048,
          },
        ],
        documents: 12,
        adapter: { modelId: 'm2', promotedAt: '2026-11-24T03:02:00.000Z', promotedBy: 'run:r1' },
      },
    });
  });

  it('shows no adapter, and asks for none, before any index exists', async () => {
    const pointer = jest.fn(fakePorts().models.pointer);
    const { index } = await service({
      index: { read: async () => ({ alias: 'a', targets: [], documents: 0 }) },
      models: { ...fakePorts().models, pointer },
    }).overview();

    expect(index).toEqual({ ok: true, value: { alias: 'a', targets: [], documents: 0 } });
    expect(pointer).not.toHaveBeenCalled();
  });

  it('shows fine-tune plans, runs with per-stage numbers (arrays left out) and models with the live one marked', async () => {
    const { finetune } = await service().overview();

    expect(finetune).toEqual({
      ok: true,
      value: {
        plans: [{ name: 'nightly', trainer: 'query-adapter', schedule: '0 3 * * * (UTC)', paused: false }],
        runs: [
          {
            runId: 'r1',
            plan: 'nightly',
            status: 'succeeded',
            outcome: 'promoted',
            createdAt: '2026-11-24T03:00:00.000Z',
            stages: {
              train: { status: 'succeeded', metrics: { examples: 800 } },
              evaluate: { status: 'succeeded', metrics: { 'scores.holdout.candidate.ndcg10': 0.61 } },
              promote: { status: 'running' },
            },
          },
        ],
        models: [
          {
            id: 'm2',
            plan: 'nightly',
            createdAt: '2026-11-24T03:01:00.000Z',
            active: true,
            metrics: expect.objectContaining({
              'holdout.candidate.ndcg10': 0.61,
              'holdout.champion.ndcg10': 0.55,
            }),
          },
          { id: 'm1', plan: 'nightly', createdAt: '2026-11-23T03:01:00.000Z', active: false },
        ],
      },
    });
  });

  it('reports a failing section in place and still reads all the others', async () => {
    const overview = await service({
      connectors: {
        ...fakePorts().connectors,
        list: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        },
      },
      topics: {
        read: async () => {
          throw new Error('broker unreachable');
        },
      },
    }).overview();

    expect(overview.connectors).toEqual({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(overview.topics).toEqual({ ok: false, error: 'broker unreachable' });
    for (const section of [
      'consumerGroups',
      'deadLetters',
      'queues',
      'index',
      'freshness',
      'finetune',
    ] as const)
      expect(overview[section].ok).toBe(true);
  });

  it('gives up on a section that does not answer within the timeout, without waiting for it', async () => {
    const started = Date.now();
    const overview = await service({ freshness: { read: never }, queues: { read: never } }, 100).overview();

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(overview.freshness).toEqual({ ok: false, error: 'freshness did not answer within 100 ms' });
    expect(overview.queues).toEqual({ ok: false, error: 'queues did not answer within 100 ms' });
    expect(overview.index.ok).toBe(true);
  });

  it('passes the dead letter limit on, and refuses a limit out of bounds before reading anything', async () => {
    const listPending = jest.fn(fakePorts().deadLetters.listPending);
    const ops = service({ deadLetters: { ...fakePorts().deadLetters, listPending } });

    const { deadLetters } = await ops.overview({ deadLetterLimit: 1 });

    expect(listPending).toHaveBeenCalledWith(1);
    expect(deadLetters).toMatchObject({ ok: true, value: { pending: 2, letters: [{ position: '0:0' }] } });
    for (const limit of [0, 1_001, 2.5, Number.NaN])
      await expect(ops.overview({ deadLetterLimit: limit })).rejects.toThrow(OperationsInputError);
    expect(listPending).toHaveBeenCalledTimes(1);
  });
});

describe('OperationsService.consumerLag', () => {
  it('returns every group with an empty trend', async () => {
    expect(await service().consumerLag()).toEqual([
      expect.objectContaining({ group: 'tributary-embedder', trend: [] }),
    ]);
  });

  it('throws when Kafka does not answer within the section timeout', async () => {
    await expect(service({ consumerLag: { read: never } }, 50).consumerLag()).rejects.toThrow(
      'consumer lag did not answer within 50 ms',
    );
  });
});

describe('OperationsService dead letters', () => {
  it('shows one letter in full', async () => {
    expect(await service().deadLetter('0:0')).toEqual({
      position: '0:0',
      failedAt: '2026-11-24T10:00:00.000Z',
      source: 'docs',
      docId: '0.md',
      attempts: 3,
      error: 'Error: cannot embed',
      originalTopic: 'tributary.documents.changes',
      originalPartition: 2,
      originalOffset: '40',
      key: 'docs:0.md',
      headers: detail('0').headers,
      value: '{"schema":"document-change/v1"}',
    });
  });

  it('refuses a malformed position as bad input and an empty one as not found', async () => {
    await expect(service().deadLetter('zero')).rejects.toThrow(OperationsInputError);
    await expect(service().deadLetter('zero')).rejects.toThrow(/expected <partition>:<offset>/);
    await expect(service().deadLetter('0:9')).rejects.toThrow(
      new OperationsNotFoundError('there is no dead letter at 0:9'),
    );
  });

  it('redrives one letter and all letters', async () => {
    expect(await service().redrive('0:1')).toMatchObject({ position: '0:1', docId: '1.md' });
    expect(await service().redriveAll()).toEqual({ redriven: 2 });
  });

  it('answers not found for a letter that is no longer pending', async () => {
    const handled = new DeadLetterNotPendingError('0:1', {
      schema: 'dead-letter-handled/v1',
      action: 'redriven',
      reason: null,
      at: '2026-11-24T10:00:00.000Z',
    });
    const ops = service({
      deadLetters: {
        ...fakePorts().deadLetters,
        redrive: async () => {
          throw handled;
        },
        discard: async () => {
          throw handled;
        },
      },
    });

    await expect(ops.redrive('0:1')).rejects.toThrow(OperationsNotFoundError);
    await expect(ops.discard('0:1', 'dup')).rejects.toThrow(/0:1 is not pending: it was redriven at/);
  });

  it('discards with a trimmed reason, and refuses an empty or overlong one without touching the DLQ', async () => {
    const discard = jest.fn(async () => letter('1'));
    const ops = service({ deadLetters: { ...fakePorts().deadLetters, discard } });

    expect(await ops.discard('0:1', '  source deleted ')).toMatchObject({ position: '0:1' });
    expect(discard).toHaveBeenCalledWith({ partition: 0, offset: '1' }, 'source deleted');
    await expect(ops.discard('0:1', '   ')).rejects.toThrow(
      new OperationsInputError('discarding a dead letter needs a reason'),
    );
    await expect(ops.discard('0:1', 'x'.repeat(4_097))).rejects.toThrow(OperationsInputError);
    expect(discard).toHaveBeenCalledTimes(1);
  });
});

describe('OperationsService.runConnectorNow', () => {
  it('records the request for a registered source', async () => {
    const requestRun = jest.fn(async () => true);
    await service({ connectors: { ...fakePorts().connectors, requestRun } }).runConnectorNow(
      ' docs ',
      'console:ann',
    );

    expect(requestRun).toHaveBeenCalledWith('docs', 'console:ann');
  });

  it('refuses an unknown source as not found and a missing requester as bad input', async () => {
    await expect(service().runConnectorNow('nope', 'console:ann')).rejects.toThrow(
      new OperationsNotFoundError('no connector is registered for source nope'),
    );
    await expect(service().runConnectorNow('docs', ' ')).rejects.toThrow(OperationsInputError);
    await expect(service().runConnectorNow('', 'console:ann')).rejects.toThrow(OperationsInputError);
  });
});
