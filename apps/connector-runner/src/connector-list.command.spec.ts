import { formatConnectorList } from './connector-list.command';

describe('formatConnectorList', () => {
  it('says how to start a connector when none has run', () => {
    expect(formatConnectorList([])).toMatch(/no connectors have run yet/);
  });

  it('shows each instance with its schedule, state, tenant, settings and last run', () => {
    const text = formatConnectorList([
      {
        source: 'docs',
        tenant: 'acme',
        kind: 'filesystem',
        schedule: { kind: 'cron', expression: '0 * * * *' },
        settings: { root: '/srv/docs', include: ['**/*.md', '**/*.pdf'] },
        registeredAt: '2026-11-24T10:00:00.000Z',
        runningOn: 'host-a:42',
        nextRunAt: '2026-11-24T11:00:00.000Z',
        lastRun: {
          startedAt: '2026-11-24T10:00:00.000Z',
          finishedAt: '2026-11-24T10:00:02.000Z',
          seen: 10,
          changed: 2,
          deleted: 0,
          failed: 1,
          refusedDeletes: 7,
        },
      },
      {
        source: 'wiki',
        kind: 'web',
        schedule: { kind: 'once' },
        settings: {},
        registeredAt: '2026-11-24T09:00:00.000Z',
        lastRun: {
          startedAt: '2026-11-24T09:00:00.000Z',
          finishedAt: '2026-11-24T09:00:01.000Z',
          seen: 0,
          changed: 0,
          deleted: 0,
          failed: 0,
          error: 'start URL unreachable',
        },
      },
    ]);
    expect(text).toBe(
      [
        'docs  (filesystem, cron "0 * * * *", running on host-a:42, next run 2026-11-24T11:00:00.000Z)',
        '  tenant    acme',
        '  settings  root=/srv/docs include=**/*.md,**/*.pdf',
        '  last run  2026-11-24T10:00:02.000Z seen=10 changed=2 deleted=0 failed=1 REFUSED 7 deletes',
        '',
        'wiki  (web, once, not running)',
        '  tenant    -',
        '  settings  -',
        '  last run  2026-11-24T09:00:01.000Z FAILED: start URL unreachable',
      ].join('\n'),
    );
  });
});
