/**
 * operations/v1: what the operators' console and `tributary status` show. One
 * overview is read from the engines themselves (Kafka, Redis, Elasticsearch,
 * BullMQ), never from a cache of ours, except the lag trend, which the console
 * samples. A section that could not be read carries `error` instead of failing
 * the whole overview: an operator on call must still see everything else.
 */

/** A section of the overview, or why it could not be read. */
export type SectionV1<T> = { ok: true; value: T } | { ok: false; error: string };

export interface PartitionLagV1 {
  partition: number;
  /** Next offset the group will read; -1 when the group never committed on this partition. */
  committed: number;
  /** The partition's high watermark (the offset the next produced message gets). */
  end: number;
  /** end − max(committed, earliest retained offset): what the group still has to read; end − earliest when nothing was committed. */
  lag: number;
}

export interface ConsumerGroupLagV1 {
  group: string;
  topic: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead or Unknown, as Kafka reports it. */
  state: string;
  members: number;
  lag: number;
  partitions: PartitionLagV1[];
  /** Oldest first: total lag at each sample the console took (every LAG_SAMPLE_MS). Empty in the CLI. */
  trend: { at: string; lag: number }[];
}

export interface TopicV1 {
  name: string;
  partitions: { partition: number; leader: number; replicas: number; earliest: number; end: number }[];
  /** Messages held now: Σ (end − earliest). */
  messages: number;
}

export interface DeadLetterViewV1 {
  /** `partition:offset` in the DLQ topic; the handle for inspect, redrive and discard. */
  position: string;
  failedAt: string;
  source?: string;
  docId?: string;
  attempts: number;
  error: string;
}

export interface DeadLettersV1 {
  /** Dead letters neither redriven nor discarded. */
  pending: number;
  /** The oldest pending ones, at most the requested limit. */
  letters: DeadLetterViewV1[];
}

/** One dead letter in full: the original key, headers and value (the event JSON, or the raw text). */
export interface DeadLetterDetailV1 extends DeadLetterViewV1 {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

export const BULLMQ_JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;
export type BullMqJobStateV1 = (typeof BULLMQ_JOB_STATES)[number];

export interface QueueV1 {
  name: string;
  counts: Record<BullMqJobStateV1, number>;
  paused: boolean;
}

export interface ConnectorProgressV1 {
  seen: number;
  changed: number;
  deleted: number;
  failed: number;
}

export interface ConnectorViewV1 {
  source: string;
  tenant: string;
  kind: string;
  /** `once`, `every 60s` or the cron expression. */
  schedule: string;
  runningOn?: string;
  /** Set while a pass is in progress. */
  currentRun?: ConnectorProgressV1 & { startedAt: string };
  lastRun?: ConnectorProgressV1 & { startedAt: string; finishedAt: string; error?: string };
  nextRunAt?: string;
  /** Checkpointed documents (the cursor): how many the runner remembers for the source. */
  checkpoints: number;
  /** Set while an operator's run-now request waits for the runner to pick it up. */
  runRequestedAt?: string;
}

export interface IndexTargetV1 {
  /** active (behind the alias), next (a migration's index being built) or previous (kept for rollback). */
  role: string;
  index: string;
  model: string;
  dimensions: number;
  chunks: number;
  bytes: number;
}

export interface IndexV1 {
  alias: string;
  targets: IndexTargetV1[];
  /** Documents the index holds (document states not deleted). */
  documents: number;
  /** The live query adapter, if one is promoted for the live model. */
  adapter?: { modelId: string; promotedAt: string; promotedBy: string };
}

export interface FreshnessV1 {
  /** Changes written in the window that the percentiles are taken over. */
  windowSeconds: number;
  samples: number;
  /** From the change's occurredAt to its write in Elasticsearch (searchable after the next refresh, ≤ 1 s). */
  p50Seconds: number | null;
  p99Seconds: number | null;
}

export interface FineTuneOverviewV1 {
  plans: { name: string; trainer: string; schedule: string; paused: boolean }[];
  runs: {
    runId: string;
    plan: string;
    status: string;
    outcome?: string;
    reason?: string;
    createdAt: string;
    stages: Record<string, { status: string; metrics?: Record<string, number> }>;
  }[];
  models: {
    id: string;
    plan: string;
    createdAt: string;
    active: boolean;
    metrics?: Record<string, number>;
  }[];
}

export interface OperationsOverviewV1 {
  generatedAt: string;
  topics: SectionV1<TopicV1[]>;
  consumerGroups: SectionV1<ConsumerGroupLagV1[]>;
  deadLetters: SectionV1<DeadLettersV1>;
  queues: SectionV1<QueueV1[]>;
  connectors: SectionV1<ConnectorViewV1[]>;
  index: SectionV1<IndexV1>;
  freshness: SectionV1<FreshnessV1>;
  finetune: SectionV1<FineTuneOverviewV1>;
}
