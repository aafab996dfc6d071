import { describe, expect, it, vi } from 'vitest';
import { acquireSingleInstance } from '../../../electron/main/single-instance';
import { FakeApp } from './fake-electron';

describe('acquireSingleInstance', () => {
  it('quits when another instance holds the lock', () => {
    const app = new FakeApp();
    app.hasLock = false;
    const focus = vi.fn();
    expect(acquireSingleInstance(app, focus)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    app.emit('second-instance');
    expect(focus).not.toHaveBeenCalled();
  });

  it('keeps the lock and brings itself forward on a second launch', () => {
    const app = new FakeApp();
    const focus = vi.fn();
    expect(acquireSingleInstance(app, focus)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['farebox'], '/');
    expect(focus).toHaveBeenCalledTimes(1);
  });
});
