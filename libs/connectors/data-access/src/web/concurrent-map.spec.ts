import { mapConcurrently } from './concurrent-map';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapConcurrently', () => {
  it('never runs more than the limit at once and yields results as they settle, with their index', async () => {
    let running = 0;
    let peak = 0;
    const task = async (ms: number) => {
      running++;
      peak = Math.max(peak, running);
      await delay(ms);
      running--;
      return ms;
    };
    const seen: Array<[number, number]> = [];
    for await (const { index, result } of mapConcurrently([30, 5, 5, 5], 2, task)) seen.push([index, result]);
    expect(peak).toBe(2);
    expect(seen.map(([index]) => index)).toEqual([1, 2, 3, 0]);
    expect(seen).toContainEqual([0, 30]);
  });

  it('rejects the iteration when a task rejects', async () => {
    const run = async () => {
      for await (const _ of mapConcurrently([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        await delay(5);
        return n;
      }));
    };
    await expect(run()).rejects.toThrow('boom');
  });
});
