import type { ConnectorInstance } from '@tributary/connectors-data-access';
import type { DeadLetterDetail, DeadLetterEntry } from '@tributary/kafka';
import type { OperationsPorts } from './operations.ports';

export const letter = (offset: string, overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry => ({
  partition: 0,
  offset,
  key: `docs:${offset}.md`,
  source: 'docs',
  docId: `${offset}.md`,
  error: 'Error: cannot embed',
  attempts: 3,
  failedAt: '2026-11-24T10:00:00.000Z',
  originalTopic: 'tributary.documents.changes',
  originalPartition: 2,
  originalOffset: '40',
  ...overrides,
});

export const detail = (offset: string): DeadLetterDetail => ({
  ...letter(offset),
  headers: { 'dlq.error': 'Error: cannot embed' },
  value: '{"schema":"document-change/v1"}',
});

/** Ports answering a small, healthy deployment; a test replaces the ones it is about. */
export function fakePorts(overrides: Partial<OperationsPorts> = {}): OperationsPorts {
  return {
    topics: {
      read: async (topics) =>
        topics.map((name) => ({
          name,
          partitions: [{ partition: 0, leader: 1, replicas: 1, earliest: 0, end: 4 }],
          messages: 4,
        })),
    },
    consumerLag: {
      read: async () => [
        {
          group: 'tributary-embedder',
          topic: 'tributary.documents.changes',
          state: 'Stable',
          members: 1,
          lag: 2,
          partitions: [{ partition: 0, committed: 2, end: 4, lag: 2 }],
        },
      ],
    },
    deadLetters: {
      listPending: async (limit = Number.POSITIVE_INFINITY) => ({
        letters: [letter('0'), letter('1')].slice(0, limit),
        total: 2,
      }),
      inspect: async ({ offset }) => (offset === '0' ? detail('0') : undefined),
      redrive: async ({ offset }) => letter(offset),
      redriveAll: async () => ({ redriven: [letter('0'), letter('1')], skipped: [] }),
      discard: async ({ offset }) => letter(offset),
    },
    queues: {
      read: async () => [
        {
          name: 'tributary-finetune',
          counts: { waiting: 1, active: 0, delayed: 0, failed: 0, completed: 3, paused: 0 },
          paused: false,
        },
      ],
    },
    connectors: {
      list: async (): Promise<ConnectorInstance[]> => [
        {
          source: 'docs',
          kind: 'filesystem',
          schedule: { kind: 'interval', seconds: 60 },
          settings: { root: '/data' },
          registeredAt: '2026-11-24T09:00:00.000Z',
          runningOn: 'host:1',
          nextRunAt: '2026-11-24T10:01:00.000Z',
          lastRun: {
            startedAt: '2026-11-24T10:00:00.000Z',
            finishedAt: '2026-11-24T10:00:02.000Z',
            seen: 10,
            changed: 2,
            deleted: 0,
            failed: 1,
            refusedDeletes: 0,
          },
        },
        {
          source: 'wiki',
          tenant: 'acme',
          kind: 'web',
          schedule: { kind: 'cron', expression: '0 * * * *' },
          settings: {},
          registeredAt: '2026-11-24T09:00:00.000Z',
          currentRun: { startedAt: '2026-11-24T10:00:00.000Z', seen: 5, changed: 1, deleted: 0, failed: 0 },
        },
      ],
      runRequests: async () =>
        new Map([['wiki', { requestedAt: '2026-11-24T10:00:05.000Z', requestedBy: 'console:ann' }]]),
      requestRun: async (source) => source === 'docs' || source === 'wiki',
    },
    checkpoints: { count: async (sources) => new Map(sources.map((source, i) => [source, (i + 1) * 100])) },
    index: {
      read: async () => ({
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
      }),
    },
    freshness: {
      read: async (windowMs) => ({
        windowSeconds: windowMs / 1000,
        samples: 5,
        p50Seconds: 1.5,
        p99Seconds: 4,
      }),
    },
    plans: {
      list: async () => [
        {
          name: 'nightly',
          schedule: { cron: '0 3 * * *', tz: 'UTC' },
          trainer: { kind: 'query-adapter', seed: 42, shuffleLabels: false },
          dataset: {
            tenant: 'default',
            feedback: true,
            pseudoQueries: 1000,
            holdoutFraction: 0.2,
            minPairs: 20,
            maxPairs: 50000,
          },
          promotion: { margin: 0.005, automatic: true },
          paused: false,
        },
      ],
    },
    runs: {
      list: async () => [
        {
          runId: 'r1',
          plan: 'nightly',
          trigger: 'schedule',
          status: 'succeeded',
          outcome: 'promoted',
          attempt: 1,
          createdAt: '2026-11-24T03:00:00.000Z',
          stages: {
            train: {
              status: 'succeeded',
              startedAt: '2026-11-24T03:00:01.000Z',
              inputs: {},
              outputs: { examples: 800, epochLosses: [0.9, 0.5], modelId: 'm2' },
            },
            evaluate: {
              status: 'succeeded',
              startedAt: '2026-11-24T03:01:00.000Z',
              inputs: {},
              outputs: { scores: { holdout: { candidate: { ndcg10: 0.61 } } } },
            },
            promote: { status: 'running', startedAt: '2026-11-24T03:02:00.000Z', inputs: {} },
          },
          logs: [],
        },
      ],
    },
    models: {
      list: async () => [
        {
          id: 'm2',
          kind: 'query-adapter',
          baseModel: 'model-a',
          plan: 'nightly',
          runId: 'r1',
          datasetId: 'd1',
          createdAt: '2026-11-24T03:01:00.000Z',
          metrics: {
            holdout: {
              candidate: { ndcg10: 0.61, recall10: 0.7, recall100: 0.9, queries: 50 },
              champion: { ndcg10: 0.55, recall10: 0.6, recall100: 0.88, queries: 50 },
            },
          },
        },
        {
          id: 'm1',
          kind: 'query-adapter',
          baseModel: 'model-a',
          plan: 'nightly',
          runId: 'r0',
          datasetId: 'd0',
          createdAt: '2026-11-23T03:01:00.000Z',
        },
      ],
      pointers: async () => [
        {
          kind: 'query-adapter',
          baseModel: 'model-a',
          active: 'm2',
          history: ['m1'],
          updatedAt: 'x',
          updatedBy: 'y',
        },
      ],
      pointer: async (kind, baseModel) => ({
        kind,
        baseModel,
        active: 'm2',
        history: ['m1'],
        updatedAt: '2026-11-24T03:02:00.000Z',
        updatedBy: 'run:r1',
      }),
    },
    close: async () => undefined,
    ...overrides,
  };
}
