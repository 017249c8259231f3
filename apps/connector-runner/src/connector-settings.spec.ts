import { publicSettings } from './connector-settings';

describe('publicSettings', () => {
  it('keeps plain settings, drops unset ones and redacts secrets and URL passwords', () => {
    expect(
      publicSettings({
        root: '/srv/docs',
        include: ['*.md'],
        maxFileBytes: 10,
        url: 'postgres://reader:hunter2@db:5432/app',
        apiToken: 'abc',
        exclude: [],
        cursor: undefined,
      }),
    ).toEqual({
      root: '/srv/docs',
      include: ['*.md'],
      maxFileBytes: 10,
      url: 'postgres://reader:***@db:5432/app',
      apiToken: '***',
    });
  });
});
