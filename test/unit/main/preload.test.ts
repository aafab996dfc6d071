import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract';
import type { FareboxApi } from '../../../renderer/src/env';
import { fake, resetFakeElectron } from './fake-electron';
import { record } from './fake-core';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

describe('preload', () => {
  let api: FareboxApi;
  let exposedKeys: string[];
  let exposeCalls: number;

  beforeAll(async () => {
    await import('../../../electron/preload/index');
    exposedKeys = [...fake.contextBridge.exposed.keys()];
    exposeCalls = fake.contextBridge.exposeInMainWorld.mock.calls.length;
    const exposed = fake.contextBridge.exposed.get('api');
    if (!exposed) throw new Error('preload exposed nothing as window.api');
    api = exposed as FareboxApi;
  });

  beforeEach(() => {
    resetFakeElectron();
  });

  it('exposes only window.api with invoke and on, never ipcRenderer', () => {
    expect(exposeCalls).toBe(1);
    expect(exposedKeys).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
  });

  it('forwards allowlisted channels to ipcRenderer.invoke', async () => {
    for (const channel of CHANNELS) {
      await expect(api.invoke(channel)).resolves.toEqual({ ok: true, data: 'from-main' });
    }
    await api.invoke('requests:recent', 5);
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('requests:recent', 5);
  });

  it('refuses channels outside the allowlist without touching IPC', async () => {
    const invoke = api.invoke as (channel: string, ...args: unknown[]) => Promise<unknown>;
    for (const channel of ['secrets:read', 'requests:recorded', '__proto__', 'constructor']) {
      await expect(invoke(channel)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers allowlisted events without the IPC event, and unsubscribes', async () => {
    const listener = vi.fn();
    const unsubscribe = api.on('requests:recorded', listener);
    fake.ipcRenderer.emit('requests:recorded', { sender: fake.ipcRenderer }, record());
    expect(listener).toHaveBeenCalledWith(record());
    expect(listener.mock.calls[0]).toHaveLength(1);

    unsubscribe();
    fake.ipcRenderer.emit('requests:recorded', { sender: fake.ipcRenderer }, record());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.listenerCount('requests:recorded')).toBe(0);
  });

  it('ignores subscriptions to events outside the allowlist', async () => {
    const on = api.on as (event: string, listener: (payload: unknown) => void) => () => void;
    const listener = vi.fn();
    const unsubscribe = on('app:status', listener);
    expect(fake.ipcRenderer.eventNames()).toEqual([]);
    expect(() => unsubscribe()).not.toThrow();
  });
});
