// Plain-text `tributary status`: one block per section of the operations overview.
import type {
  ConnectorViewV1,
  ConsumerGroupLagV1,
  DeadLettersV1,
  DeadLetterViewV1,
  FineTuneOverviewV1,
  FreshnessV1,
  IndexV1,
  OperationsOverviewV1,
  QueueV1,
  SectionV1,
  TopicV1,
} from '@tributary/contracts';
import { alignColumns, formatWhen, truncate } from '@tributary/cli-util';

const MAX_ERROR = 80;
const MAX_DOCUMENT = 40;

const indent = (lines: readonly string[]) => lines.map((line) => (line ? `  ${line}` : line));
const table = (rows: readonly (readonly string[])[]) => indent(alignColumns(rows));
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export const formatBytes = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const formatSeconds = (seconds: number | null): string => {
  if (seconds === null) return '-';
  return seconds < 60 ? `${seconds.toFixed(seconds < 10 ? 2 : 1)} s` : `${(seconds / 60).toFixed(1)} min`;
};

function topicsBlock(topics: readonly TopicV1[]): string[] {
  if (topics.length === 0) return ['  none of the topics exist yet (the apps create them when they start)'];
  return table([
    ['TOPIC', 'PARTITIONS', 'REPLICAS', 'MESSAGES', 'LEADERS'],
    ...topics.map((topic) => [
      topic.name,
      String(topic.partitions.length),
      String(Math.min(...topic.partitions.map(({ replicas }) => replicas))),
      String(topic.messages),
      [...new Set(topic.partitions.map(({ leader }) => leader))].sort((a, b) => a - b).join(','),
    ]),
  ]);
}

/** Groups with members first (they are what is running), then by lag, so a cut keeps what matters. */
const byImportance = (a: ConsumerGroupLagV1, b: ConsumerGroupLagV1) =>
  Number(b.members > 0) - Number(a.members > 0) || b.lag - a.lag || a.group.localeCompare(b.group);

function lagBlock(groups: readonly ConsumerGroupLagV1[], maxGroups: number): string[] {
  if (groups.length === 0) return ['  no consumer group reads these topics'];
  const shown = [...groups].sort(byImportance).slice(0, maxGroups);
  const lines = table([
    ['GROUP', 'TOPIC', 'STATE', 'MEMBERS', 'LAG', 'PER PARTITION'],
    ...shown.map((group) => [
      group.group,
      group.topic,
      group.state,
      String(group.members),
      String(group.lag),
      group.partitions.map(({ partition, lag }) => `${partition}:${lag}`).join(' '),
    ]),
  ]);
  const hidden = groups.length - shown.length;
  if (hidden > 0)
    lines.push(`  … and ${plural(hidden, 'more group')} with less lag (raise --groups to see them)`);
  return lines;
}

const documentOf = ({ source, docId }: DeadLetterViewV1) =>
  source && docId ? `${source}:${docId}` : (docId ?? '(no key)');

function deadLettersBlock({ pending, letters }: DeadLettersV1): string[] {
  if (pending === 0) return ['  none pending'];
  const shown = letters.length < pending ? ` (oldest ${letters.length} shown)` : '';
  return [
    `  ${plural(pending, 'pending dead letter')}${shown}`,
    ...table([
      ['OFFSET', 'FAILED AT', 'DOCUMENT', 'ATTEMPTS', 'ERROR'],
      ...letters.map((letter) => [
        letter.position,
        formatWhen(letter.failedAt || null),
        truncate(documentOf(letter), MAX_DOCUMENT),
        String(letter.attempts),
        truncate(letter.error, MAX_ERROR),
      ]),
    ]),
  ];
}

function queuesBlock(queues: readonly QueueV1[]): string[] {
  return table([
    ['QUEUE', 'STATE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'COMPLETED', 'PAUSED'],
    ...queues.map(({ name, counts, paused }) => [
      name,
      paused ? 'paused' : 'running',
      String(counts.waiting),
      String(counts.active),
      String(counts.delayed),
      String(counts.failed),
      String(counts.completed),
      String(counts.paused),
    ]),
  ]);
}

function connectorState(connector: ConnectorViewV1): string {
  const { currentRun } = connector;
  if (currentRun)
    return `pass since ${formatWhen(currentRun.startedAt)}: seen=${currentRun.seen} changed=${currentRun.changed}`;
  if (connector.runningOn) return `idle on ${connector.runningOn}`;
  return 'not running';
}

function lastRunText(connector: ConnectorViewV1): string {
  const run = connector.lastRun;
  if (!run) return 'never';
  if (run.error) return `${formatWhen(run.finishedAt)} FAILED: ${truncate(run.error, MAX_ERROR)}`;
  return `${formatWhen(run.finishedAt)} seen=${run.seen} changed=${run.changed} deleted=${run.deleted} failed=${run.failed}`;
}

function connectorsBlock(connectors: readonly ConnectorViewV1[]): string[] {
  if (connectors.length === 0) return ['  no connectors have run yet'];
  return table([
    ['SOURCE', 'TENANT', 'KIND', 'SCHEDULE', 'STATE', 'CHECKPOINTS', 'NEXT RUN', 'LAST RUN'],
    ...connectors.map((connector) => [
      connector.source,
      connector.tenant,
      connector.kind,
      connector.schedule,
      connectorState(connector),
      String(connector.checkpoints),
      connector.runRequestedAt
        ? `requested ${formatWhen(connector.runRequestedAt)}`
        : formatWhen(connector.nextRunAt ?? null),
      lastRunText(connector),
    ]),
  ]);
}

function indexBlock(index: IndexV1): string[] {
  const adapter = index.adapter
    ? `${index.adapter.modelId} (promoted ${formatWhen(index.adapter.promotedAt)} by ${index.adapter.promotedBy})`
    : 'none (queries use the base model)';
  const head = [
    `  alias ${index.alias}: ${plural(index.documents, 'document')}`,
    `  query adapter: ${adapter}`,
  ];
  if (index.targets.length === 0)
    return [...head, '  no chunks index yet (the embedder creates it when it starts)'];
  return [
    ...head,
    ...table([
      ['ROLE', 'INDEX', 'MODEL', 'DIMS', 'CHUNKS', 'SIZE'],
      ...index.targets.map((t) => [
        t.role,
        t.index,
        t.model,
        String(t.dimensions),
        String(t.chunks),
        formatBytes(t.bytes),
      ]),
    ]),
  ];
}

function freshnessBlock(freshness: FreshnessV1): string[] {
  const window = formatSeconds(freshness.windowSeconds);
  if (freshness.samples === 0) return [`  no changes written in the last ${window}`];
  return [
    `  p50 ${formatSeconds(freshness.p50Seconds)}, p99 ${formatSeconds(freshness.p99Seconds)} from change to index, over ${plural(freshness.samples, 'change')} written in the last ${window}`,
  ];
}

const stagesText = (stages: FineTuneOverviewV1['runs'][number]['stages']) =>
  Object.entries(stages)
    .map(([stage, { status }]) => `${stage}:${status}`)
    .join(' ') || '-';

function finetuneBlock({ plans, runs, models }: FineTuneOverviewV1): string[] {
  const lines: string[] = [];
  lines.push(
    ...(plans.length === 0
      ? ['  no plans']
      : table([
          ['PLAN', 'TRAINER', 'SCHEDULE', 'STATE'],
          ...plans.map((plan) => [plan.name, plan.trainer, plan.schedule, plan.paused ? 'paused' : 'active']),
        ])),
  );
  if (runs.length > 0)
    lines.push(
      '',
      ...table([
        ['RUN', 'PLAN', 'STATUS', 'OUTCOME', 'CREATED', 'STAGES'],
        ...runs.map((run) => [
          run.runId,
          run.plan,
          run.status,
          run.outcome ?? '-',
          formatWhen(run.createdAt),
          stagesText(run.stages),
        ]),
      ]),
    );
  if (models.length > 0)
    lines.push(
      '',
      ...table([
        ['MODEL', 'PLAN', 'CREATED', 'LIVE', 'NDCG@10 (HOLDOUT)'],
        ...models.map((model) => {
          const ndcg = model.metrics?.['holdout.candidate.ndcg10'];
          return [
            model.id,
            model.plan,
            formatWhen(model.createdAt),
            model.active ? 'yes' : '-',
            ndcg === undefined ? '-' : ndcg.toFixed(3),
          ];
        }),
      ]),
    );
  return lines;
}

function block<T>(title: string, section: SectionV1<T>, render: (value: T) => string[]): string {
  // The first line says what failed; Elasticsearch appends its root causes on further lines.
  const reason = truncate(section.ok ? '' : (section.error.split('\n')[0] ?? ''), 160);
  return [title, ...(section.ok ? render(section.value) : [`  UNAVAILABLE: ${reason}`])].join('\n');
}

export interface StatusFormatOptions {
  /** Consumer groups listed (default 20); the rest are counted. */
  maxGroups?: number;
}

/** The whole overview as plain text: a header line, then each section, a failed one saying why. */
export function formatStatus(
  overview: OperationsOverviewV1,
  { maxGroups = 20 }: StatusFormatOptions = {},
): string {
  return [
    `Tributary status at ${formatWhen(overview.generatedAt)}`,
    block('KAFKA TOPICS', overview.topics, topicsBlock),
    block('CONSUMER LAG', overview.consumerGroups, (groups) => lagBlock(groups, maxGroups)),
    block('DEAD LETTERS', overview.deadLetters, deadLettersBlock),
    block('QUEUES', overview.queues, queuesBlock),
    block('CONNECTORS', overview.connectors, connectorsBlock),
    block('INDEX', overview.index, indexBlock),
    block('FRESHNESS', overview.freshness, freshnessBlock),
    block('FINE-TUNING', overview.finetune, finetuneBlock),
  ].join('\n\n');
}

/** The sections that could not be read, by name: `tributary status` exits 1 when there are any. */
export function failedSections(overview: OperationsOverviewV1): string[] {
  const { generatedAt: _generatedAt, ...sections } = overview;
  return Object.entries(sections).flatMap(([name, section]) => (section.ok ? [] : [name]));
}
