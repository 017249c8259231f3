import { hostname } from 'node:os';
import { utimesSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { inSpan } from '@tributary/observability';
import {
  claimSources,
  ConnectorRunService,
  nextRunAt,
  SourceOwnedByAnotherTenantError,
  type RunProgress,
  type RunSummary,
} from '@tributary/connectors';
import {
  ConnectorRegistryRepository,
  SourceTenantRepository,
  type ConnectorInstance,
  type ConnectorRunRecord,
  type ConnectorSchedule,
  type SourceConnector,
} from '@tributary/connectors-data-access';
import { UsageError } from './connector.factory';
import { RunProgressRecorder } from './run-progress.recorder';
import { RunnerMetrics } from './runner-metrics';
import { formatSummary } from './summary.format';

export interface RunCommandOptions {
  /** The tenant the source belongs to; every published change carries it. */
  tenant: string;
  schedule: ConnectorSchedule;
  /** The instance's settings as `connector list` shows them, secrets removed. */
  settings: ConnectorInstance['settings'];
  maxDeleteShare?: number;
  forceDeletes?: boolean;
  heartbeatFile?: string | undefined;
  /** Aborting it stops the runner after the pass in progress, as a first SIGINT/SIGTERM does. */
  signal?: AbortSignal;
}

/** How often the wait between scheduled passes looks for a run-now request. */
export const RUN_REQUEST_POLL_MS = 1_000;

/** Exit code of a one-off pass whose deletions the mass-delete guard refused. */
export const EXIT_DELETES_REFUSED = 3;

function heartbeat(file: string | undefined): void {
  if (!file) return;
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, now.toISOString());
  }
}

function progressReporter(
  heartbeatFile: string | undefined,
  recorder: RunProgressRecorder,
): (progress: RunProgress) => void {
  return (progress) => {
    const { seen, changed, deleted, failed } = progress;
    heartbeat(heartbeatFile);
    recorder.progress(progress);
    if (process.stderr.isTTY)
      process.stderr.write(`\r  seen ${seen}  changed ${changed}  deleted ${deleted}  failed ${failed}`);
  };
}

function recordOf(startedAt: Date, outcome: RunSummary | Error): ConnectorRunRecord {
  const times = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() };
  if (outcome instanceof Error)
    return { ...times, seen: 0, changed: 0, deleted: 0, failed: 0, error: outcome.message };
  const { seen, changed, deleted, failed, refusedDeletes } = outcome;
  return {
    ...times,
    seen,
    changed,
    deleted,
    failed,
    ...(refusedDeletes ? { refusedDeletes: refusedDeletes.wouldDelete } : {}),
  };
}

/** Claims the source for the tenant; a source of another tenant is a usage error, before anything runs. */
async function claimSource(app: INestApplicationContext, source: string, tenant: string): Promise<void> {
  try {
    await claimSources(app.get(SourceTenantRepository), [source], tenant);
  } catch (error) {
    if (!(error instanceof SourceOwnedByAnotherTenantError)) throw error;
    throw new UsageError(
      `source "${source}" belongs to tenant "${error.owner}"; run it with --tenant ${error.owner}, or give it another --source`,
    );
  }
}

/**
 * Waits until `next`, or until an operator asks for a pass now (checked every
 * RUN_REQUEST_POLL_MS; a request made during a pass is taken right after it).
 */
async function waitForNextPass(
  registry: ConnectorRegistryRepository,
  source: string,
  next: Date,
  isStopping: () => boolean,
  heartbeatFile: string | undefined,
  log: (message: string) => void,
): Promise<void> {
  let reportedFailure = false;
  while (!isStopping() && Date.now() < next.getTime()) {
    heartbeat(heartbeatFile);
    try {
      const request = await registry.takeRunRequest(source);
      if (request) {
        log(`pass requested by ${request.requestedBy} at ${request.requestedAt}: starting it now`);
        return;
      }
    } catch (error) {
      // Redis away: the schedule still holds; say so once per wait, not every second.
      if (!reportedFailure) log(`could not check for run requests: ${(error as Error).message}`);
      reportedFailure = true;
    }
    const wait = Math.min(RUN_REQUEST_POLL_MS, next.getTime() - Date.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Runs a connector on its schedule until SIGINT/SIGTERM, or once. The first
 * signal lets the pass in progress finish (its checkpoints stay consistent);
 * a second one exits at once. A scheduled pass that fails (Kafka or Redis
 * unreachable) is reported and retried at the next run. Every pass is
 * recorded for `connector list`, its counts while it runs as `currentRun`, and
 * in the runner's metrics. Between passes an operator's run-now request starts
 * a pass at once. Resolves to the process exit code.
 */
export async function runConnector(
  app: INestApplicationContext,
  connector: SourceConnector,
  source: string,
  options: RunCommandOptions,
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): Promise<number> {
  await claimSource(app, source, options.tenant);
  const runs = app.get(ConnectorRunService);
  const registry = app.get(ConnectorRegistryRepository);
  const metrics = app.get(RunnerMetrics);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    log('stopping after the current pass (signal again to stop now)');
  };
  const abort = () => {
    stopping = true;
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  options.signal?.addEventListener('abort', abort);
  const { schedule, tenant } = options;
  await registry.register({
    source,
    tenant,
    kind: connector.kind,
    schedule,
    settings: options.settings,
    registeredAt: new Date().toISOString(),
    runningOn: `${hostname()}:${process.pid}`,
  });
  let exitCode = 0;
  try {
    do {
      heartbeat(options.heartbeatFile);
      const startedAt = new Date();
      const started = performance.now();
      const recorder = new RunProgressRecorder(registry, source, startedAt, log);
      recorder.start();
      let outcome: RunSummary | Error;
      try {
        // One trace per pass: every publish span (and so every event it sends) is its child.
        outcome = await inSpan(
          `connector pass ${source}`,
          () =>
            runs.runOnce(source, connector, {
              tenant,
              onProgress: progressReporter(options.heartbeatFile, recorder),
              ...(options.maxDeleteShare === undefined ? {} : { maxDeleteShare: options.maxDeleteShare }),
              forceDeletes: options.forceDeletes ?? false,
            }),
          { attributes: { 'tributary.source': source, 'tributary.connector.kind': connector.kind } },
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`${formatSummary(connector.kind, outcome)}\n`);
        if (outcome.refusedDeletes) exitCode = EXIT_DELETES_REFUSED;
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(String(error));
      }
      metrics.observePass(source, connector.kind, (performance.now() - started) / 1000, outcome);
      const next = nextRunAt(schedule, new Date());
      await recorder.settle();
      // The record is for operators; failing to write it (Redis down) must not stop the schedule.
      await registry
        .update(source, {
          lastRun: recordOf(startedAt, outcome),
          nextRunAt: next?.toISOString(),
          currentRun: undefined,
        })
        .catch((error: Error) => log(`could not record the pass: ${error.message}`));
      if (outcome instanceof Error) {
        if (!next) throw outcome;
        log(`pass failed, retrying at ${next.toISOString()}: ${outcome.message}`);
      }
      if (!next) break;
      await waitForNextPass(registry, source, next, () => stopping, options.heartbeatFile, log);
    } while (!stopping);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    options.signal?.removeEventListener('abort', abort);
    await registry
      .update(source, { runningOn: undefined, nextRunAt: undefined, currentRun: undefined })
      .catch(() => undefined);
  }
  return exitCode;
}
