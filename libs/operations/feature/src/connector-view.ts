import { DEFAULT_TENANT, type ConnectorViewV1 } from '@tributary/contracts';
import type {
  ConnectorInstance,
  ConnectorRunRequest,
  ConnectorSchedule,
} from '@tributary/connectors-data-access';

export function scheduleText(schedule: ConnectorSchedule): string {
  switch (schedule.kind) {
    case 'once':
      return 'once';
    case 'interval':
      return `every ${schedule.seconds}s`;
    case 'cron':
      return schedule.expression;
  }
}

/** A registered connector as the console shows it: how it runs, how far it got, what waits for it. */
export function toConnectorView(
  instance: ConnectorInstance,
  checkpoints: number,
  request: ConnectorRunRequest | undefined,
): ConnectorViewV1 {
  const { lastRun, currentRun } = instance;
  return {
    source: instance.source,
    // Instances registered before tenants belong to the default tenant, as their events do.
    tenant: instance.tenant ?? DEFAULT_TENANT,
    kind: instance.kind,
    schedule: scheduleText(instance.schedule),
    ...(instance.runningOn ? { runningOn: instance.runningOn } : {}),
    ...(currentRun ? { currentRun: { ...currentRun } } : {}),
    ...(lastRun
      ? {
          lastRun: {
            startedAt: lastRun.startedAt,
            finishedAt: lastRun.finishedAt,
            seen: lastRun.seen,
            changed: lastRun.changed,
            deleted: lastRun.deleted,
            failed: lastRun.failed,
            ...(lastRun.error ? { error: lastRun.error } : {}),
          },
        }
      : {}),
    ...(instance.nextRunAt ? { nextRunAt: instance.nextRunAt } : {}),
    checkpoints,
    ...(request ? { runRequestedAt: request.requestedAt } : {}),
  };
}
