import type { ConnectorInstance, ConnectorSchedule } from '@tributary/connectors-data-access';

function scheduleText(schedule: ConnectorSchedule): string {
  switch (schedule.kind) {
    case 'once':
      return 'once';
    case 'interval':
      return `every ${schedule.seconds}s`;
    case 'cron':
      return `cron "${schedule.expression}"`;
  }
}

function lastRunText(instance: ConnectorInstance): string {
  const run = instance.lastRun;
  if (!run) return 'never ran';
  if (run.error) return `${run.finishedAt} FAILED: ${run.error}`;
  const counts = `seen=${run.seen} changed=${run.changed} deleted=${run.deleted} failed=${run.failed}`;
  const refused = run.refusedDeletes ? ` REFUSED ${run.refusedDeletes} deletes` : '';
  return `${run.finishedAt} ${counts}${refused}`;
}

/** `tributary connector list`: one block per configured instance. */
export function formatConnectorList(instances: readonly ConnectorInstance[]): string {
  if (instances.length === 0)
    return 'no connectors have run yet; start one with `tributary connector run <kind> ...`';
  return instances
    .map((instance) => {
      const settings = Object.entries(instance.settings)
        .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(',') : String(value)}`)
        .join(' ');
      const state = instance.runningOn
        ? `running on ${instance.runningOn}${instance.nextRunAt ? `, next run ${instance.nextRunAt}` : ''}`
        : 'not running';
      return [
        `${instance.source}  (${instance.kind}, ${scheduleText(instance.schedule)}, ${state})`,
        `  tenant    ${instance.tenant ?? '-'}`,
        `  settings  ${settings || '-'}`,
        `  last run  ${lastRunText(instance)}`,
      ].join('\n');
    })
    .join('\n\n');
}
