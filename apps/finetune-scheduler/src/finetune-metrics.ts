import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FineTuneRunV1 } from '@tributary/contracts';

// A run on a small dataset takes seconds; a remote fine-tuning job may take hours.
const RUN_SECONDS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

/** The worker's series: one observation per run attempt, taken after it ended. */
export class FineTuneWorkerMetrics {
  private readonly runDuration: Histogram<'plan' | 'trainer' | 'status'>;
  private readonly runs: Counter<'plan' | 'status' | 'outcome'>;
  private readonly stageDuration: Histogram<'stage'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.runDuration = new Histogram({
      name: 'tributary_finetune_run_duration_seconds',
      help: 'Fine-tune run attempts by plan, trainer kind and status (succeeded, failed, cancelled, skipped).',
      labelNames: ['plan', 'trainer', 'status'],
      buckets: RUN_SECONDS_BUCKETS,
      registers,
    });
    this.runs = new Counter({
      name: 'tributary_finetune_runs_total',
      help: 'Fine-tune run attempts by plan, status and outcome (promoted, refused, recorded, no-data; none when the run did not get that far).',
      labelNames: ['plan', 'status', 'outcome'],
      registers,
    });
    this.stageDuration = new Histogram({
      name: 'tributary_finetune_stage_duration_seconds',
      help: "Stages (dataset, train, evaluate, promote) finished in a run attempt, from the run's record.",
      labelNames: ['stage'],
      buckets: RUN_SECONDS_BUCKETS,
      registers,
    });
  }

  observeRun(run: {
    plan: string;
    trainer: string;
    status: string;
    outcome?: string | undefined;
    seconds: number;
  }) {
    this.runDuration.observe({ plan: run.plan, trainer: run.trainer, status: run.status }, run.seconds);
    this.runs.inc({ plan: run.plan, status: run.status, outcome: run.outcome ?? 'none' });
  }

  /** The stages of the record that finished since `since` (an earlier attempt's stages are not observed again). */
  observeStages(record: Pick<FineTuneRunV1, 'stages'>, since: number): void {
    for (const [stage, entry] of Object.entries(record.stages)) {
      if (!entry?.finishedAt) continue;
      const started = Date.parse(entry.startedAt);
      const finished = Date.parse(entry.finishedAt);
      if (Number.isNaN(started) || Number.isNaN(finished) || finished < since) continue;
      this.stageDuration.observe({ stage }, Math.max(0, (finished - started) / 1000));
    }
  }
}

/** The scheduler's series: how many plans have a job scheduler, read from BullMQ at each scrape. */
export function registerScheduleGauge(registry: Registry, countSchedules: () => Promise<number>): Gauge {
  return new Gauge({
    name: 'tributary_finetune_schedules',
    help: 'Fine-tune plans with a BullMQ job scheduler (scheduled and not paused), read at scrape time.',
    registers: [registry],
    async collect() {
      this.set(await countSchedules());
    },
  });
}
