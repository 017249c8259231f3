import { whileBeating } from './document-change.consumer';

describe('whileBeating', () => {
  it('heartbeats while slow work runs, and stops when it ends', async () => {
    let beats = 0;
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 120));
    await expect(whileBeating(work, async () => void beats++, 25)).resolves.toBe('done');
    expect(beats).toBeGreaterThanOrEqual(3);
    const after = beats;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(beats).toBe(after);
  });

  it('passes the work’s failure on, and a failing heartbeat does not fail the work', async () => {
    const failing = async () => {
      throw new Error('rebalance in progress');
    };
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(7), 60));
    await expect(whileBeating(slow, failing, 10)).resolves.toBe(7);
    await expect(whileBeating(Promise.reject(new Error('bulk failed')), failing, 10)).rejects.toThrow(
      'bulk failed',
    );
  });
});
