import { CronExpressionParser } from 'cron-parser';
import type { ConnectorSchedule } from '@tributary/connectors-data-access';

/** When the next pass starts, given when the last one finished; undefined for a one-off. */
export function nextRunAt(schedule: ConnectorSchedule, after: Date): Date | undefined {
  switch (schedule.kind) {
    case 'once':
      return undefined;
    case 'interval':
      return new Date(after.getTime() + schedule.seconds * 1000);
    case 'cron':
      return CronExpressionParser.parse(schedule.expression, { currentDate: after, tz: 'UTC' })
        .next()
        .toDate();
  }
}

/** Throws a readable error for a cron expression that does not parse. */
export function validateCron(expression: string): void {
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
  } catch (error) {
    throw new Error(`invalid cron expression "${expression}": ${(error as Error).message}`);
  }
}
