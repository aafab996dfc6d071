import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdQuitUntilStopped } from '../../../electron/main/quit';
import { FakeApp, fakeEvent } from './fake-electron';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('holdQuitUntilStopped', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prevents the quit until core.stop() resolves, then quits for real', async () => {
    const app = new FakeApp();
    const stopping = deferred();
    const stop = vi.fn(() => stopping.promise);
    holdQuitUntilStopped(app, stop, () => undefined);

    app.quit();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(false);

    await flush();
    expect(app.quitted).toBe(false);

    stopping.resolve();
    await flush();
    expect(app.quitted).toBe(true);
    expect(app.quit).toHaveBeenCalledTimes(2);
  });

  it('stops only once when quit is requested repeatedly', async () => {
    const app = new FakeApp();
    const stopping = deferred();
    const stop = vi.fn(() => stopping.promise);
    holdQuitUntilStopped(app, stop, () => undefined);

    app.quit();
    const second = fakeEvent();
    app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);

    stopping.resolve();
    await flush();
    expect(app.quitted).toBe(true);
  });

  it('still quits, and reports, when stop fails', async () => {
    const app = new FakeApp();
    const onError = vi.fn();
    holdQuitUntilStopped(app, () => Promise.reject(new Error('disk full')), onError);
    app.quit();
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }));
    expect(app.quitted).toBe(true);
  });

  it('does not wait forever for a stop that never settles', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    const onError = vi.fn();
    holdQuitUntilStopped(app, () => new Promise<void>(() => undefined), onError, 1_000);
    app.quit();
    await vi.advanceTimersByTimeAsync(999);
    expect(app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quitted).toBe(true);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('1000 ms') }),
    );
  });
});
