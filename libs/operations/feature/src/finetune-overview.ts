import type {
  ActiveModelPointerV1,
  FineTuneOverviewV1,
  FineTunePlanV1,
  FineTuneRunV1,
  FineTuneScheduleV1,
  RegisteredModelV1,
} from '@tributary/contracts';
import { numericLeaves } from './numeric-leaves';

function planScheduleText(schedule: FineTuneScheduleV1 | undefined): string {
  if (!schedule) return 'manual';
  if ('cron' in schedule) return schedule.tz ? `${schedule.cron} (${schedule.tz})` : schedule.cron;
  return `every ${schedule.everyMs / 1000}s`;
}

function runView(run: FineTuneRunV1): FineTuneOverviewV1['runs'][number] {
  const stages: FineTuneOverviewV1['runs'][number]['stages'] = {};
  for (const [stage, record] of Object.entries(run.stages)) {
    if (!record) continue;
    const metrics = numericLeaves(record.outputs);
    stages[stage] = { status: record.status, ...(metrics ? { metrics } : {}) };
  }
  return {
    runId: run.runId,
    plan: run.plan,
    status: run.status,
    ...(run.outcome ? { outcome: run.outcome } : {}),
    ...(run.reason ? { reason: run.reason } : {}),
    createdAt: run.createdAt,
    stages,
  };
}

/** Plans, recent runs with each stage's numbers, and models with the live ones marked. */
export function toFineTuneOverview(
  plans: readonly FineTunePlanV1[],
  runs: readonly FineTuneRunV1[],
  models: readonly RegisteredModelV1[],
  pointers: readonly ActiveModelPointerV1[],
): FineTuneOverviewV1 {
  const live = new Set(pointers.flatMap((pointer) => (pointer.active ? [pointer.active] : [])));
  return {
    plans: plans.map((plan) => ({
      name: plan.name,
      trainer: plan.trainer.kind,
      schedule: planScheduleText(plan.schedule),
      paused: plan.paused,
    })),
    runs: runs.map(runView),
    models: models.map((model) => {
      const metrics = numericLeaves(model.metrics);
      return {
        id: model.id,
        plan: model.plan,
        createdAt: model.createdAt,
        active: live.has(model.id),
        ...(metrics ? { metrics } : {}),
      };
    }),
  };
}
