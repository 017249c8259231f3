import { hostname } from 'node:os';
import { utimesSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
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
}

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

function progressReporter(heartbeatFile: string | undefined): (progress: RunProgress) => void {
  return ({ seen, changed, deleted, failed }) => {
    heartbeat(heartbeatFile);
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
 * Runs a connector on its schedule until SIGINT/SIGTERM, or once. The first
 * signal lets the pass in progress finish (its checkpoints stay consistent);
 * a second one exits at once. A scheduled pass that fails (Kafka or Redis
 * unreachable) is reported and retried at the next run. Every pass is
 * recorded for `connector list`. Resolves to the process exit code.
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
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    log('stopping after the current pass (signal again to stop now)');
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
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
      let outcome: RunSummary | Error;
      try {
        outcome = await runs.runOnce(source, connector, {
          tenant,
          onProgress: progressReporter(options.heartbeatFile),
          ...(options.maxDeleteShare === undefined ? {} : { maxDeleteShare: options.maxDeleteShare }),
          forceDeletes: options.forceDeletes ?? false,
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`${formatSummary(connector.kind, outcome)}\n`);
        if (outcome.refusedDeletes) exitCode = EXIT_DELETES_REFUSED;
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(String(error));
      }
      const next = nextRunAt(schedule, new Date());
      // The record is for operators; failing to write it (Redis down) must not stop the schedule.
      await registry
        .update(source, { lastRun: recordOf(startedAt, outcome), nextRunAt: next?.toISOString() })
        .catch((error: Error) => log(`could not record the pass: ${error.message}`));
      if (outcome instanceof Error) {
        if (!next) throw outcome;
        log(`pass failed, retrying at ${next.toISOString()}: ${outcome.message}`);
      }
      if (!next) break;
      while (!stopping && Date.now() < next.getTime()) {
        heartbeat(options.heartbeatFile);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, next.getTime() - Date.now())));
      }
    } while (!stopping);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await registry.update(source, { runningOn: undefined, nextRunAt: undefined }).catch(() => undefined);
  }
  return exitCode;
}
