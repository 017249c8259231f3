import type { ConnectorInstance } from '@tributary/connectors-data-access';
import {
  PROGRESS_WRITE_INTERVAL_MS,
  RunProgressRecorder,
  type InstanceUpdates,
} from './run-progress.recorder';

const counts = (seen: number) => ({ seen, changed: seen, deleted: 0, failed: 0 });

describe('RunProgressRecorder', () => {
  const setup = (update?: InstanceUpdates['update']) => {
    const writes: Partial<ConnectorInstance>[] = [];
    let now = 1_000_000;
    const logs: string[] = [];
    const recorder = new RunProgressRecorder(
      { update: update ?? (async (_source, patch) => void writes.push(patch)) },
      'docs',
      new Date('2026-11-23T10:00:00Z'),
      (line) => logs.push(line),
      () => now,
    );
    return { recorder, writes, logs, advance: (ms: number) => (now += ms) };
  };

  it('writes currentRun at the start, then at most every 2 s with the latest counts', async () => {
    const { recorder, writes, advance } = setup();
    recorder.start();
    await recorder.settle();
    recorder.progress(counts(1));
    advance(PROGRESS_WRITE_INTERVAL_MS - 1);
    recorder.progress(counts(2));
    await recorder.settle();
    expect(writes).toEqual([
      { currentRun: { startedAt: '2026-11-23T10:00:00.000Z', seen: 0, changed: 0, deleted: 0, failed: 0 } },
    ]);
    advance(1);
    recorder.progress(counts(3));
    await recorder.settle();
    expect(writes.at(-1)).toEqual({
      currentRun: { startedAt: '2026-11-23T10:00:00.000Z', seen: 3, changed: 3, deleted: 0, failed: 0 },
    });
    expect(writes).toHaveLength(2);
  });

  it('never has two writes in flight: progress during a slow write is not written separately', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const { recorder, advance } = setup(() => {
      calls++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    recorder.start();
    advance(10 * PROGRESS_WRITE_INTERVAL_MS);
    recorder.progress(counts(5));
    expect(calls).toBe(1);
    release();
    await recorder.settle();
  });

  it('reports a failed write and goes on: progress never stops a pass', async () => {
    const { recorder, logs } = setup(async () => {
      throw new Error('redis away');
    });
    recorder.start();
    await recorder.settle();
    expect(logs).toEqual(['could not record progress: redis away']);
  });
});
