import { describe, expect, it, vi } from 'vitest';
import { PortInUseError, type CoreOptions } from '../../../electron/core/core-types';
import {
  isPortInUse,
  portInUseChoice,
  portInUseMessageBox,
  startCoreWithFallback,
  type PortInUseChoice,
} from '../../../electron/main/port-in-use';
import { fakeCore, type FakeCore } from './fake-core';

const options: CoreOptions = {
  dataDir: '/data',
  sqliteNativeBinding: '/repo/.farebox-electron/better_sqlite3.node',
};

function harness(failures: unknown[], choice: PortInUseChoice = 'use-free-port') {
  const created: FakeCore[] = [];
  const create = vi.fn((opts: CoreOptions) => {
    const core = fakeCore(opts);
    const failure = failures[created.length];
    if (failure !== undefined) core.start.mockRejectedValue(failure);
    created.push(core);
    return core;
  });
  const askPortInUse = vi.fn((_error: PortInUseError) => Promise.resolve(choice));
  return {
    created,
    create,
    askPortInUse,
    run: () => startCoreWithFallback({ create, options, askPortInUse }),
  };
}

describe('port-in-use dialog', () => {
  it('names the taken address and offers a free port or quitting', () => {
    const box = portInUseMessageBox(new PortInUseError('127.0.0.1', 4141));
    expect(box.message).toContain('4141');
    expect(box.detail).toContain('127.0.0.1:4141');
    expect(box.buttons).toEqual(['Use a free port', 'Quit']);
    expect(box.defaultId).toBe(0);
    expect(box.cancelId).toBe(1);
  });

  it('maps responses to choices; anything unknown (Esc, closed box) quits', () => {
    expect(portInUseChoice(0)).toBe('use-free-port');
    expect(portInUseChoice(1)).toBe('quit');
    expect(portInUseChoice(7)).toBe('quit');
    expect(portInUseChoice(-1)).toBe('quit');
  });

  it('recognises the error by class or by its code', () => {
    expect(isPortInUse(new PortInUseError('::1', 80))).toBe(true);
    expect(isPortInUse(Object.assign(new Error('x'), { code: 'EADDRINUSE', port: 80 }))).toBe(true);
    expect(isPortInUse(Object.assign(new Error('x'), { code: 'EACCES', port: 80 }))).toBe(false);
    expect(isPortInUse('EADDRINUSE')).toBe(false);
  });
});

describe('startCoreWithFallback', () => {
  it('returns the started core when the port is free', async () => {
    const h = harness([]);
    const started = await h.run();
    expect(started?.core).toBe(h.created[0]);
    expect(started?.address.port).toBe(4141);
    expect(h.create).toHaveBeenCalledWith(options);
    expect(h.askPortInUse).not.toHaveBeenCalled();
  });

  it('asks, then retries on port 0 with the same options, stopping the failed core', async () => {
    const h = harness([new PortInUseError('127.0.0.1', 4141)]);
    const started = await h.run();
    expect(h.askPortInUse).toHaveBeenCalledWith(expect.any(PortInUseError));
    expect(h.created).toHaveLength(2);
    expect(h.created[0]?.stop).toHaveBeenCalled();
    expect(h.create).toHaveBeenLastCalledWith({ ...options, port: 0 });
    expect(started?.core).toBe(h.created[1]);
    expect(started?.address.port).toBe(0);
  });

  it('returns null when the user chooses to quit', async () => {
    const h = harness([new PortInUseError('127.0.0.1', 4141)], 'quit');
    await expect(h.run()).resolves.toBeNull();
    expect(h.created).toHaveLength(1);
    expect(h.created[0]?.stop).toHaveBeenCalled();
  });

  it('does not ask about other start errors', async () => {
    const h = harness([new Error('config.json: invalid')]);
    await expect(h.run()).rejects.toThrow('config.json: invalid');
    expect(h.askPortInUse).not.toHaveBeenCalled();
    expect(h.created[0]?.stop).toHaveBeenCalled();
  });

  it('gives up if the retry fails too', async () => {
    const h = harness([new PortInUseError('127.0.0.1', 4141), new Error('no free port')]);
    await expect(h.run()).rejects.toThrow('no free port');
    expect(h.askPortInUse).toHaveBeenCalledTimes(1);
    expect(h.created[1]?.stop).toHaveBeenCalled();
  });
});
