import type { ConsumerGroupLagV1, OperationsOverviewV1 } from '@tributary/contracts';
import { failedSections, formatBytes, formatSeconds, formatStatus } from './status.format';

const group = (name: string, lag: number, members = 0): ConsumerGroupLagV1 => ({
  group: name,
  topic: 'tributary.documents.changes',
  state: members > 0 ? 'Stable' : 'Empty',
  members,
  lag,
  partitions: [
    { partition: 0, committed: 10, end: 10 + lag, lag },
    { partition: 1, committed: -1, end: 0, lag: 0 },
  ],
  trend: [],
});

const overview = (overrides: Partial<OperationsOverviewV1> = {}): OperationsOverviewV1 => ({
  generatedAt: '2026-11-24T12:00:00.000Z',
  topics: {
    ok: true,
    value: [
      {
        name: 'tributary.documents.changes',
        partitions: [
          { partition: 0, leader: 2, replicas: 3, earliest: 0, end: 10 },
          { partition: 1, leader: 1, replicas: 3, earliest: 5, end: 5 },
        ],
        messages: 10,
      },
    ],
  },
  consumerGroups: { ok: true, value: [group('tributary-embedder', 7, 2)] },
  deadLetters: {
    ok: true,
    value: {
      pending: 3,
      letters: [
        {
          position: '0:4',
          failedAt: '2026-11-24T11:00:00.000Z',
          source: 'docs',
          docId: 'a.md',
          attempts: 3,
          error: 'ContractViolationError: document-change/v1: op: Invalid',
        },
      ],
    },
  },
  queues: {
    ok: true,
    value: [
      {
        name: 'tributary-finetune',
        counts: { waiting: 1, active: 2, delayed: 3, failed: 4, completed: 5, paused: 6 },
        paused: true,
      },
    ],
  },
  connectors: {
    ok: true,
    value: [
      {
        source: 'docs',
        tenant: 'default',
        kind: 'filesystem',
        schedule: 'every 60s',
        runningOn: 'host:42',
        lastRun: {
          startedAt: '2026-11-24T11:59:00.000Z',
          finishedAt: '2026-11-24T11:59:02.000Z',
          seen: 10,
          changed: 2,
          deleted: 1,
          failed: 0,
        },
        nextRunAt: '2026-11-24T12:00:02.000Z',
        checkpoints: 10,
      },
      {
        source: 'wiki',
        tenant: 'acme',
        kind: 'web',
        schedule: '0 * * * *',
        currentRun: { startedAt: '2026-11-24T11:58:00.000Z', seen: 40, changed: 3, deleted: 0, failed: 0 },
        lastRun: {
          startedAt: '2026-11-24T10:00:00.000Z',
          finishedAt: '2026-11-24T10:00:09.000Z',
          seen: 0,
          changed: 0,
          deleted: 0,
          failed: 0,
          error: 'robots.txt unreachable',
        },
        checkpoints: 0,
        runRequestedAt: '2026-11-24T11:59:59.000Z',
      },
    ],
  },
  index: {
    ok: true,
    value: {
      alias: 'tributary-chunks',
      targets: [
        {
          role: 'active',
          index: 'tributary-chunks-a-m1',
          model: 'model-a',
          dimensions: 384,
          chunks: 1200,
          bytes: 3 * 1024 * 1024,
        },
        {
          role: 'next',
          index: 'tributary-chunks-b-1',
          model: 'model-b',
          dimensions: 768,
          chunks: 10,
          bytes: 2048,
        },
      ],
      documents: 400,
      adapter: { modelId: 'qa-7', promotedAt: '2026-11-24T03:00:00.000Z', promotedBy: 'run:r7' },
    },
  },
  freshness: { ok: true, value: { windowSeconds: 900, samples: 120, p50Seconds: 1.234, p99Seconds: 75 } },
  finetune: {
    ok: true,
    value: {
      plans: [{ name: 'nightly', trainer: 'query-adapter', schedule: '0 3 * * *', paused: true }],
      runs: [
        {
          runId: 'r7',
          plan: 'nightly',
          status: 'succeeded',
          outcome: 'promoted',
          createdAt: '2026-11-24T03:00:00.000Z',
          stages: {
            dataset: { status: 'succeeded' },
            train: { status: 'succeeded', metrics: { examples: 9 } },
          },
        },
      ],
      models: [
        {
          id: 'qa-7',
          plan: 'nightly',
          createdAt: '2026-11-24T03:01:00.000Z',
          active: true,
          metrics: { 'holdout.candidate.ndcg10': 0.61234 },
        },
        { id: 'qa-6', plan: 'nightly', createdAt: '2026-11-23T03:01:00.000Z', active: false },
      ],
    },
  },
  ...overrides,
});

const sectionOf = (text: string, title: string) => {
  const blocks = text.split('\n\n');
  const start = blocks.findIndex((block) => block.startsWith(`${title}\n`));
  if (start < 0) throw new Error(`no ${title} section in:\n${text}`);
  // Fine-tuning holds blank lines between its tables: it runs to the end.
  return (title === 'FINE-TUNING' ? blocks.slice(start) : [blocks[start]!]).join('\n\n').split('\n');
};

describe('formatStatus', () => {
  const text = formatStatus(overview());

  it('opens with the time of the overview and lists every section in order', () => {
    expect(text.split('\n')[0]).toBe('Tributary status at 2026-11-24 12:00:00Z');
    const titles = text.split('\n\n').map((block) => block.split('\n')[0]);
    expect(titles.slice(0, 9)).toEqual([
      'Tributary status at 2026-11-24 12:00:00Z',
      'KAFKA TOPICS',
      'CONSUMER LAG',
      'DEAD LETTERS',
      'QUEUES',
      'CONNECTORS',
      'INDEX',
      'FRESHNESS',
      'FINE-TUNING',
    ]);
  });

  it('shows topics with partitions, replicas, messages and leaders in aligned columns', () => {
    expect(sectionOf(text, 'KAFKA TOPICS')).toEqual([
      'KAFKA TOPICS',
      '  TOPIC                        PARTITIONS  REPLICAS  MESSAGES  LEADERS',
      '  tributary.documents.changes  2           3         10        1,2',
    ]);
  });

  it('shows each group with its lag per partition', () => {
    expect(sectionOf(text, 'CONSUMER LAG')).toEqual([
      'CONSUMER LAG',
      '  GROUP               TOPIC                        STATE   MEMBERS  LAG  PER PARTITION',
      '  tributary-embedder  tributary.documents.changes  Stable  2        7    0:7 1:0',
    ]);
  });

  it('lists running groups and the most lag first, and counts the groups cut off', () => {
    const many = formatStatus(
      overview({
        consumerGroups: {
          ok: true,
          value: [group('old-a', 500), group('live', 1, 1), group('old-b', 900), group('old-c', 2)],
        },
      }),
      { maxGroups: 3 },
    );

    const rows = sectionOf(many, 'CONSUMER LAG').slice(2);
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(['live', 'old-b', 'old-a', '…']);
    expect(rows[3]).toBe('  … and 1 more group with less lag (raise --groups to see them)');
  });

  it('shows the pending count of dead letters and the oldest ones', () => {
    expect(sectionOf(text, 'DEAD LETTERS')).toEqual([
      'DEAD LETTERS',
      '  3 pending dead letters (oldest 1 shown)',
      '  OFFSET  FAILED AT             DOCUMENT   ATTEMPTS  ERROR',
      '  0:4     2026-11-24 11:00:00Z  docs:a.md  3         ContractViolationError: document-change/v1: op: Invalid',
    ]);
  });

  it('shows queue counts per state and whether the queue is paused', () => {
    expect(sectionOf(text, 'QUEUES')).toEqual([
      'QUEUES',
      '  QUEUE               STATE   WAITING  ACTIVE  DELAYED  FAILED  COMPLETED  PAUSED',
      '  tributary-finetune  paused  1        2       3        4       5          6',
    ]);
  });

  it('shows connectors with their pass in progress, a waiting run-now request and a failed last run', () => {
    const [title, header, docs, wiki] = sectionOf(text, 'CONNECTORS');
    expect(title).toBe('CONNECTORS');
    expect(header?.trim().split(/\s{2,}/)).toEqual([
      'SOURCE',
      'TENANT',
      'KIND',
      'SCHEDULE',
      'STATE',
      'CHECKPOINTS',
      'NEXT RUN',
      'LAST RUN',
    ]);
    expect(docs?.trim().split(/\s{2,}/)).toEqual([
      'docs',
      'default',
      'filesystem',
      'every 60s',
      'idle on host:42',
      '10',
      '2026-11-24 12:00:02Z',
      '2026-11-24 11:59:02Z seen=10 changed=2 deleted=1 failed=0',
    ]);
    expect(wiki?.trim().split(/\s{2,}/)).toEqual([
      'wiki',
      'acme',
      'web',
      '0 * * * *',
      'pass since 2026-11-24 11:58:00Z: seen=40 changed=3',
      '0',
      'requested 2026-11-24 11:59:59Z',
      '2026-11-24 10:00:09Z FAILED: robots.txt unreachable',
    ]);
  });

  it('shows the index: documents, live adapter and each role with its size', () => {
    expect(sectionOf(text, 'INDEX')).toEqual([
      'INDEX',
      '  alias tributary-chunks: 400 documents',
      '  query adapter: qa-7 (promoted 2026-11-24 03:00:00Z by run:r7)',
      '  ROLE    INDEX                  MODEL    DIMS  CHUNKS  SIZE',
      '  active  tributary-chunks-a-m1  model-a  384   1200    3.0 MiB',
      '  next    tributary-chunks-b-1   model-b  768   10      2.0 KiB',
    ]);
  });

  it('shows freshness percentiles over the window, or that nothing was written in it', () => {
    expect(sectionOf(text, 'FRESHNESS')).toEqual([
      'FRESHNESS',
      '  p50 1.23 s, p99 1.3 min from change to index, over 120 changes written in the last 15.0 min',
    ]);
    const quiet = formatStatus(
      overview({
        freshness: { ok: true, value: { windowSeconds: 60, samples: 0, p50Seconds: null, p99Seconds: null } },
      }),
    );
    expect(sectionOf(quiet, 'FRESHNESS')[1]).toBe('  no changes written in the last 1.0 min');
  });

  it('shows plans, runs with their stages and models with the live one and its nDCG@10', () => {
    const lines = sectionOf(text, 'FINE-TUNING');
    expect(lines[2]?.trim().split(/\s{2,}/)).toEqual(['nightly', 'query-adapter', '0 3 * * *', 'paused']);
    expect(
      lines
        .find((line) => line.includes('r7'))
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual([
      'r7',
      'nightly',
      'succeeded',
      'promoted',
      '2026-11-24 03:00:00Z',
      'dataset:succeeded train:succeeded',
    ]);
    expect(
      lines
        .find((line) => line.includes('qa-7'))
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(['qa-7', 'nightly', '2026-11-24 03:01:00Z', 'yes', '0.612']);
    expect(
      lines
        .find((line) => line.includes('qa-6'))
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(['qa-6', 'nightly', '2026-11-23 03:01:00Z', '-', '-']);
  });

  it('says why a section is unavailable, on one line, and still shows the others', () => {
    const failing = overview({
      finetune: {
        ok: false,
        error: 'index_not_found_exception\n\tRoot causes:\n\t\tindex_not_found_exception: no such index',
      },
      queues: { ok: false, error: 'queues did not answer within 5000 ms' },
    });
    const shown = formatStatus(failing);

    expect(sectionOf(shown, 'FINE-TUNING')).toEqual([
      'FINE-TUNING',
      '  UNAVAILABLE: index_not_found_exception',
    ]);
    expect(sectionOf(shown, 'QUEUES')).toEqual([
      'QUEUES',
      '  UNAVAILABLE: queues did not answer within 5000 ms',
    ]);
    expect(sectionOf(shown, 'INDEX')).toHaveLength(6);
    expect(failedSections(failing)).toEqual(['queues', 'finetune']);
    expect(failedSections(overview())).toEqual([]);
  });

  it('says so when there is nothing yet rather than printing empty tables', () => {
    const empty = formatStatus(
      overview({
        topics: { ok: true, value: [] },
        consumerGroups: { ok: true, value: [] },
        deadLetters: { ok: true, value: { pending: 0, letters: [] } },
        connectors: { ok: true, value: [] },
        index: { ok: true, value: { alias: 'tributary-chunks', targets: [], documents: 0 } },
        finetune: { ok: true, value: { plans: [], runs: [], models: [] } },
      }),
    );

    expect(sectionOf(empty, 'KAFKA TOPICS')[1]).toMatch(/none of the topics exist yet/);
    expect(sectionOf(empty, 'CONSUMER LAG')[1]).toBe('  no consumer group reads these topics');
    expect(sectionOf(empty, 'DEAD LETTERS')[1]).toBe('  none pending');
    expect(sectionOf(empty, 'CONNECTORS')[1]).toBe('  no connectors have run yet');
    expect(sectionOf(empty, 'INDEX').slice(1)).toEqual([
      '  alias tributary-chunks: 0 documents',
      '  query adapter: none (queries use the base model)',
      '  no chunks index yet (the embedder creates it when it starts)',
    ]);
    expect(sectionOf(empty, 'FINE-TUNING')[1]).toBe('  no plans');
  });
});

describe('units', () => {
  it('formats sizes and durations for reading at a glance', () => {
    expect([formatBytes(512), formatBytes(5 * 1024 * 1024)]).toEqual(['0.5 KiB', '5.0 MiB']);
    expect([formatSeconds(null), formatSeconds(0.25), formatSeconds(12.34), formatSeconds(90)]).toEqual([
      '-',
      '0.25 s',
      '12.3 s',
      '1.5 min',
    ]);
  });
});
