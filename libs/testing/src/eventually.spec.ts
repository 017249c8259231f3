import { eventually } from './eventually';

describe('eventually', () => {
  it('returns once the assertion passes', async () => {
    let calls = 0;
    await expect(
      eventually(
        async () => {
          if (++calls < 3) throw new Error('not yet');
          return calls;
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe(3);
  });

  it('rethrows the last failure when time runs out', async () => {
    await expect(
      eventually(async () => Promise.reject(new Error('never')), { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow('never');
  });
});
