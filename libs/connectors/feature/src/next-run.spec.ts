import { nextRunAt, validateCron } from './next-run';

describe('nextRunAt', () => {
  const after = new Date('2026-11-24T10:07:30Z');

  it('has no next run for a one-off pass', () => {
    expect(nextRunAt({ kind: 'once' }, after)).toBeUndefined();
  });

  it('adds the interval to the end of the last pass', () => {
    expect(nextRunAt({ kind: 'interval', seconds: 90 }, after)?.toISOString()).toBe(
      '2026-11-24T10:09:00.000Z',
    );
  });

  it('takes the next cron occurrence, in UTC', () => {
    expect(nextRunAt({ kind: 'cron', expression: '*/15 * * * *' }, after)?.toISOString()).toBe(
      '2026-11-24T10:15:00.000Z',
    );
    expect(nextRunAt({ kind: 'cron', expression: '0 3 * * *' }, after)?.toISOString()).toBe(
      '2026-11-25T03:00:00.000Z',
    );
  });

  it('rejects a cron expression that does not parse, naming it', () => {
    expect(() => validateCron('every tuesday')).toThrow(/invalid cron expression "every tuesday"/);
    expect(() => validateCron('0 3 * * *')).not.toThrow();
  });
});
