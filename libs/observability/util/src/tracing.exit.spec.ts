import { EventEmitter } from 'node:events';
import { flushOnExit, type ExitingProcess } from './tracing.exit';

// A process of the test's own: Jest's multi-project runner hands tests a `process`
// whose emit does not reach listeners added with on, so the real one cannot be driven.
function fakeProcess() {
  const emitter = new EventEmitter();
  const kill = jest.fn((_pid: number, _signal?: string | number) => true);
  const target = Object.assign(emitter, { pid: 4242, kill }) as unknown as ExitingProcess & EventEmitter;
  return { target, kill };
}

describe('flushOnExit', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('flushes once when the process runs out of work, however often beforeExit fires', async () => {
    const { target } = fakeProcess();
    const flush = jest.fn(async () => undefined);
    const undo = flushOnExit(flush, 5000, target);
    target.emit('beforeExit', 0);
    target.emit('beforeExit', 0);
    await settle();
    expect(flush).toHaveBeenCalledTimes(1);
    undo();
  });

  it('leaves a signal to the app that handles it, and flushes when that app raises it again', async () => {
    const { target, kill } = fakeProcess();
    const flush = jest.fn(async () => undefined);
    const undo = flushOnExit(flush, 5000, target);
    // Nest's shutdown hook: removes itself, closes the app, raises the signal again.
    const nest = () => target.off('SIGTERM', nest);
    target.on('SIGTERM', nest);
    target.emit('SIGTERM', 'SIGTERM');
    await settle();
    expect(flush).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
    target.emit('SIGTERM', 'SIGTERM');
    await settle();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(kill).toHaveBeenCalledWith(4242, 'SIGTERM');
    expect(target.listenerCount('SIGTERM')).toBe(0);
    undo();
  });

  it('gives up waiting on a flush that hangs, then lets the signal end the process', async () => {
    const { target, kill } = fakeProcess();
    const undo = flushOnExit(() => new Promise<void>(() => undefined), 20, target);
    target.emit('SIGINT', 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(kill).toHaveBeenCalledWith(4242, 'SIGINT');
    undo();
  });

  it('undo removes every listener it added', () => {
    const { target } = fakeProcess();
    const undo = flushOnExit(async () => undefined, 5000, target);
    expect(target.listenerCount('SIGTERM')).toBe(1);
    expect(target.listenerCount('beforeExit')).toBe(1);
    undo();
    expect(target.listenerCount('SIGTERM')).toBe(0);
    expect(target.listenerCount('SIGINT')).toBe(0);
    expect(target.listenerCount('beforeExit')).toBe(0);
  });
});
