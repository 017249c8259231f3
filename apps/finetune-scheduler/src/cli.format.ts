// Plain-text views of plans, runs and models for `tributary finetune` and `tributary models`.
import type {
  ActiveModelPointerV1,
  FineTunePlanV1,
  FineTuneRunV1,
  RegisteredModelV1,
} from '@tributary/contracts';
import { alignColumns, formatWhen, truncate } from '@tributary/cli-util';

const scheduleOf = (plan: FineTunePlanV1) =>
  !plan.schedule
    ? 'on demand'
    : 'cron' in plan.schedule
      ? `cron ${plan.schedule.cron}`
      : `every ${plan.schedule.everyMs} ms`;

export function formatPlans(
  plans: ReadonlyArray<FineTunePlanV1 & { nextRunAt?: string; activeRun?: string; lastRun?: FineTuneRunV1 }>,
): string {
  if (plans.length === 0) return 'no plans (create one with `tributary finetune put <plan.json>`)';
  return alignColumns([
    ['plan', 'trainer', 'schedule', 'next run', 'running', 'last run'],
    ...plans.map((plan) => [
      plan.name,
      plan.trainer.kind,
      plan.paused ? `${scheduleOf(plan)} (paused)` : scheduleOf(plan),
      formatWhen(plan.nextRunAt ?? null),
      plan.activeRun ?? '-',
      plan.lastRun
        ? `${plan.lastRun.status}${plan.lastRun.outcome ? `/${plan.lastRun.outcome}` : ''} ${formatWhen(plan.lastRun.createdAt)}`
        : '-',
    ]),
  ]).join('\n');
}

export function formatRuns(runs: readonly FineTuneRunV1[]): string {
  if (runs.length === 0) return 'no runs';
  return alignColumns([
    ['run', 'plan', 'status', 'outcome', 'created', 'reason'],
    ...runs.map((run) => [
      run.runId,
      run.plan,
      run.status,
      run.outcome ?? '-',
      formatWhen(run.createdAt),
      truncate(run.reason ?? '', 80),
    ]),
  ]).join('\n');
}

export function formatRun(run: FineTuneRunV1): string {
  const lines = [
    `${run.runId} (${run.plan}, ${run.trigger}): ${run.status}${run.outcome ? `, ${run.outcome}` : ''}`,
  ];
  if (run.reason) lines.push(`  ${run.reason}`);
  for (const [stage, record] of Object.entries(run.stages)) {
    lines.push(`${stage}: ${record.status}${record.error ? ` (${record.error})` : ''}`);
    if (record.outputs) lines.push(`  ${truncate(JSON.stringify(record.outputs), 400)}`);
  }
  lines.push(
    'log:',
    ...run.logs.slice(-10).map((log) => `  ${formatWhen(log.at)} ${log.level} ${log.message}`),
  );
  return lines.join('\n');
}

export function formatModels(listing: {
  models: ReadonlyArray<RegisteredModelV1 & { live: boolean }>;
  pointers: readonly ActiveModelPointerV1[];
}): string {
  const live = listing.pointers.map(
    (pointer) =>
      `live ${pointer.kind} for ${pointer.baseModel}: ${pointer.active ?? 'none'} (set by ${pointer.updatedBy || '-'} ${formatWhen(pointer.updatedAt || null)})`,
  );
  if (listing.models.length === 0) return [...live, 'no model versions'].join('\n');
  const holdout = (model: RegisteredModelV1) => {
    const scores = model.metrics?.['holdout'];
    return scores ? `${scores.champion.ndcg10.toFixed(4)} → ${scores.candidate.ndcg10.toFixed(4)}` : '-';
  };
  return [
    ...live,
    ...alignColumns([
      ['model', 'kind', 'live', 'plan', 'created', 'holdout nDCG@10', 'decision'],
      ...listing.models.map((model) => [
        model.id,
        model.kind,
        model.live ? 'yes' : '',
        model.plan,
        formatWhen(model.createdAt),
        holdout(model),
        model.decision ? (model.decision.promote ? 'promote' : 'refuse') : '-',
      ]),
    ]),
  ].join('\n');
}
