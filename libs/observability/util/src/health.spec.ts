import { checkReadiness } from './health';

describe('checkReadiness', () => {
  it('is ready when every indicator is up', async () => {
    const report = await checkReadiness([{ name: 'redis', check: async () => undefined }]);
    expect(report).toEqual({ status: 'ready', checks: { redis: { status: 'up' } } });
  });

  it('is not ready and names the failing dependency with its error', async () => {
    const report = await checkReadiness([
      { name: 'redis', check: async () => undefined },
      { name: 'elasticsearch', check: async () => Promise.reject(new Error('connection refused')) },
    ]);
    expect(report.status).toBe('not-ready');
    expect(report.checks['elasticsearch']).toEqual({ status: 'down', error: 'connection refused' });
  });

  it('treats a check that hangs past the timeout as down', async () => {
    const report = await checkReadiness([{ name: 'kafka', check: () => new Promise(() => undefined) }], 20);
    expect(report.checks['kafka']).toEqual({ status: 'down', error: 'kafka did not answer within 20ms' });
  });
});
