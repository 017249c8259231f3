import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { DOCUMENT_CHANGE_LIMITS, tenantSchema } from './document-change.v1';

/** The BullMQ queue of fine-tune runs and its one job name (renaming either is a migration). */
export const FINETUNE_QUEUE = 'tributary-finetune';
export const FINETUNE_RUN_JOB = 'finetune-run';

/** Elasticsearch indices of the fine-tune side: the model registry, run records and stored datasets. */
export const MODEL_REGISTRY_INDEX = 'tributary-models';
export const FINETUNE_RUNS_INDEX = 'tributary-finetune-runs';
export const FINETUNE_DATASETS_INDEX = 'tributary-finetune-datasets';

/** Documented limits of a plan: each is enforced by the schema below. */
export const FINETUNE_LIMITS = {
  /** The shortest interval schedule: a cycle takes minutes, so anything faster only queues up. */
  minEveryMs: 1_000,
  maxPseudoQueries: 20_000,
  /** Pairs a dataset may hold (feedback and pseudo-queries together): the stored dataset stays a few MB. */
  maxPairs: 50_000,
  maxGoldenQueries: 1_000,
  /** Judged documents per golden query. */
  maxGoldenRelevant: 100,
} as const;

const planName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'a plan name is 1-64 of a-z 0-9 . _ -, starting with a letter or digit',
  );

/** A cron pattern (and time zone) the scheduler can parse: checked when the plan is stored, not when it first fires. */
const cronScheduleV1Schema = z
  .strictObject({ cron: z.string().min(1).max(200), tz: z.string().max(64).optional() })
  .superRefine((schedule, context) => {
    if (schedule.tz !== undefined) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: schedule.tz });
      } catch {
        context.addIssue({ code: 'custom', path: ['tz'], message: `unknown time zone "${schedule.tz}"` });
        return;
      }
    }
    try {
      CronExpressionParser.parse(schedule.cron, { tz: schedule.tz ?? 'UTC' });
    } catch (error) {
      context.addIssue({
        code: 'custom',
        path: ['cron'],
        message: `not a cron pattern: ${(error as Error).message}`,
      });
    }
  });

export const fineTuneScheduleV1Schema = z.union([
  cronScheduleV1Schema,
  z.strictObject({ everyMs: z.number().int().min(FINETUNE_LIMITS.minEveryMs) }),
]);

export const queryAdapterTrainerV1Schema = z.strictObject({
  kind: z.literal('query-adapter'),
  seed: z.number().int().min(0).default(42),
  epochs: z.number().int().min(1).max(5_000).optional(),
  batchSize: z.number().int().min(2).max(1024).optional(),
  learningRate: z.number().positive().max(1).optional(),
  temperature: z.number().positive().max(1).optional(),
  identityPenalty: z.number().min(0).max(100).optional(),
  /** Test-only sabotage, for proving that promotion refuses a worse model: pair each query with another query's positive. */
  shuffleLabels: z.boolean().default(false),
});

export const openAiChatTrainerV1Schema = z.strictObject({
  kind: z.literal('openai-chat'),
  /** The base model to fine-tune, e.g. gpt-4o-mini-2024-07-18. */
  model: z.string().min(1).max(200),
  suffix: z.string().max(40).optional(),
  nEpochs: z.number().int().min(1).max(50).optional(),
});

export const fineTuneTrainerV1Schema = z.discriminatedUnion('kind', [
  queryAdapterTrainerV1Schema,
  openAiChatTrainerV1Schema,
]);

export const goldenQueryV1Schema = z.strictObject({
  query: z.string().min(1).max(2_000),
  relevant: z
    .array(
      z.strictObject({
        source: z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.sourceMaxLength),
        docId: z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.docIdMaxLength),
        grade: z.number().int().min(1).max(3).default(1),
      }),
    )
    .min(1)
    .max(FINETUNE_LIMITS.maxGoldenRelevant),
});

export const fineTuneDatasetRecipeV1Schema = z
  .strictObject({
    tenant: tenantSchema.default('default'),
    /** Only feedback on, and pseudo-queries from, these sources (absent: all of the tenant's). */
    sources: z
      .array(z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.sourceMaxLength))
      .min(1)
      .max(100)
      .optional(),
    /** Pairs from the gateway's feedback (clicks, thumbs, graded labels) and its query log. */
    feedback: z.boolean().default(true),
    /** Sentences mined from indexed chunks as queries, their chunk as the positive. */
    pseudoQueries: z.number().int().min(0).max(FINETUNE_LIMITS.maxPseudoQueries).default(1_000),
    holdoutFraction: z.number().min(0.05).max(0.5).default(0.2),
    /** Fewer feedback pairs than this and the run stops without training (nothing to learn from yet). */
    minPairs: z.number().int().min(1).default(20),
    maxPairs: z.number().int().min(1).max(FINETUNE_LIMITS.maxPairs).default(FINETUNE_LIMITS.maxPairs),
  })
  .refine((recipe) => recipe.minPairs <= recipe.maxPairs, {
    path: ['minPairs'],
    message: 'minPairs cannot exceed maxPairs (every run would end with no data)',
  });

export const fineTunePromotionV1Schema = z.strictObject({
  /** nDCG@10 the candidate must gain over the champion on every set. */
  margin: z.number().min(0).max(1).default(0.005),
  /** Promote on success (true), or only record the candidate for an operator to promote. */
  automatic: z.boolean().default(true),
  goldenSet: z.array(goldenQueryV1Schema).max(FINETUNE_LIMITS.maxGoldenQueries).optional(),
});

/** A fine-tune plan: what to train, from what, how often, and when its model may go live. */
export const fineTunePlanV1Schema = z.strictObject({
  name: planName,
  /** Absent: runs only when triggered. */
  schedule: fineTuneScheduleV1Schema.optional(),
  trainer: fineTuneTrainerV1Schema,
  dataset: fineTuneDatasetRecipeV1Schema.prefault({}),
  promotion: fineTunePromotionV1Schema.prefault({}),
  paused: z.boolean().default(false),
});

export type FineTuneScheduleV1 = z.infer<typeof fineTuneScheduleV1Schema>;
export type FineTuneTrainerV1 = z.infer<typeof fineTuneTrainerV1Schema>;
export type QueryAdapterTrainerV1 = z.infer<typeof queryAdapterTrainerV1Schema>;
export type OpenAiChatTrainerV1 = z.infer<typeof openAiChatTrainerV1Schema>;
export type GoldenQueryV1 = z.infer<typeof goldenQueryV1Schema>;
export type FineTuneDatasetRecipeV1 = z.infer<typeof fineTuneDatasetRecipeV1Schema>;
export type FineTunePromotionV1 = z.infer<typeof fineTunePromotionV1Schema>;
export type FineTunePlanV1 = z.infer<typeof fineTunePlanV1Schema>;
/** A plan as an operator writes it: defaults not yet applied. */
export type FineTunePlanInputV1 = z.input<typeof fineTunePlanV1Schema>;

/** The BullMQ job's data: which plan, and why it runs. */
export const fineTuneRunJobV1Schema = z.strictObject({
  plan: planName,
  trigger: z.enum(['schedule', 'manual']),
  requestedBy: z.string().max(200).optional(),
});

export type FineTuneRunJobV1 = z.infer<typeof fineTuneRunJobV1Schema>;

export const FINETUNE_STAGES = ['dataset', 'train', 'evaluate', 'promote'] as const;
export type FineTuneStage = (typeof FINETUNE_STAGES)[number];

export interface FineTuneStageRecordV1 {
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt: string;
  finishedAt?: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
}

/** skipped: another run of the plan held its lease when this one was due. */
export type FineTuneRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';

/** A run as recorded in FINETUNE_RUNS_INDEX: every stage with its inputs and outputs. */
export interface FineTuneRunV1 {
  runId: string;
  plan: string;
  trigger: FineTuneRunJobV1['trigger'];
  requestedBy?: string;
  status: FineTuneRunStatus;
  /** promoted: the candidate went live; refused: it did not beat the champion; recorded: kept for an operator. */
  outcome?: 'promoted' | 'refused' | 'recorded' | 'no-data';
  reason?: string;
  attempt: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  stages: Partial<Record<FineTuneStage, FineTuneStageRecordV1>>;
  logs: Array<{ at: string; level: 'info' | 'warn' | 'error'; message: string }>;
}

/** Retrieval quality of one model on one query set. */
export interface RetrievalScoresV1 {
  ndcg10: number;
  recall10: number;
  recall100: number;
  queries: number;
}

export type ModelKind = 'query-adapter' | 'generator';

/** A model version in the registry: what it is, what it was trained on, how it scored, and what became of it. */
export interface RegisteredModelV1 {
  id: string;
  kind: ModelKind;
  /** For query adapters: the embedding model whose query vectors it maps. For generators: the model it was tuned from. */
  baseModel: string;
  plan: string;
  runId: string;
  datasetId: string;
  createdAt: string;
  /** Per set ("holdout", "golden"): the candidate's and the champion's scores. */
  metrics?: Record<string, { candidate: RetrievalScoresV1; champion: RetrievalScoresV1 }>;
  decision?: { promote: boolean; reason: string };
  /** Generators: the fine-tuned model id the provider returned. */
  externalModel?: string;
  /** Query adapters: dimensions and row-major float32 weights, base64. */
  dimensions?: number;
  checksum?: string;
}

/** Which model of a kind is live for a base model, and the ones before it (for rollback). */
export interface ActiveModelPointerV1 {
  kind: ModelKind;
  baseModel: string;
  /** Undefined: none (queries use the base model as it is). */
  active?: string;
  history: string[];
  updatedAt: string;
  updatedBy: string;
}
