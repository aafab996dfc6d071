import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract';
import { PortInUseError, type CoreOptions } from '../../../electron/core/core-types';
import { FakeBrowserWindow, fake, fakeEvent, resetFakeElectron } from './fake-electron';
import { fakeCore, record, type FakeCore } from './fake-core';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const { runApp } = await import('../../../electron/main/run-app');

const mainDir = '/repo/out/main';
const pageUrl = pathToFileURL(join('/repo/out/renderer/index.html')).href;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function start(configure: (core: FakeCore, index: number) => void = () => undefined) {
  const cores: FakeCore[] = [];
  const createCore = vi.fn((options: CoreOptions) => {
    const core = fakeCore(options);
    configure(core, cores.length);
    cores.push(core);
    return core;
  });
  const running = runApp({ createCore, mainDir, env: {} });
  return { cores, createCore, running };
}

function onlyWindow(): FakeBrowserWindow {
  expect(FakeBrowserWindow.instances).toHaveLength(1);
  const win = FakeBrowserWindow.instances[0];
  if (!win) throw new Error('no window');
  return win;
}

describe('runApp', () => {
  beforeEach(() => {
    resetFakeElectron();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('starts the core in the Farebox data dir, then opens a locked-down window', async () => {
    const { cores, createCore, running } = start();
    await running;
    expect(createCore).toHaveBeenCalledTimes(1);
    expect(cores[0]?.options.dataDir).toBe(join('/home/user/.config', 'Farebox'));
    expect(cores[0]?.start).toHaveBeenCalled();

    const win = onlyWindow();
    expect(win.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(mainDir, '..', 'preload', 'index.cjs'),
    });
    expect(win.loaded.file).toBe(join('/repo/out/renderer/index.html'));

    const navigation = fakeEvent();
    win.webContents.emit('will-navigate', navigation, 'https://evil.example');
    expect(navigation.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    win.webContents.permissionHandler?.(win.webContents, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });

  it('passes the Electron-ABI sqlite build only when it exists', async () => {
    const { cores, running } = start();
    await running;
    // /repo/.farebox-electron does not exist on this machine.
    expect(cores[0]?.options.sqliteNativeBinding).toBeUndefined();
  });

  it('serves every channel over IPC to the app page only', async () => {
    const { running } = start();
    await running;
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    await expect(fake.ipcMain.invokeFrom(pageUrl, 'app:status')).resolves.toMatchObject({ ok: true });
    await expect(fake.ipcMain.invokeFrom('https://evil.example/', 'app:status')).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('pushes requests:recorded to the window', async () => {
    const { cores, running } = start();
    await running;
    cores[0]?.emitRecorded(record({ id: 'pushed' }));
    expect(onlyWindow().webContents.send).toHaveBeenCalledWith('requests:recorded', record({ id: 'pushed' }));
  });

  it('focuses the existing window on a second launch', async () => {
    const { running } = start();
    await running;
    const win = onlyWindow();
    win.minimized = true;
    fake.app.emit('second-instance', {}, [], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('quits at once without starting a core when another instance runs', async () => {
    fake.app.hasLock = false;
    const { createCore, running } = start();
    await running;
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.quitted).toBe(true);
    expect(createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('waits for core.stop() before the app quits', async () => {
    let finishStop: () => void = () => undefined;
    const { cores, running } = start((core) => {
      core.stop.mockImplementation(() => new Promise<void>((resolve) => (finishStop = resolve)));
    });
    await running;
    fake.app.quit();
    expect(cores[0]?.stop).toHaveBeenCalledTimes(1);
    await flush();
    expect(fake.app.quitted).toBe(false);
    finishStop();
    await flush();
    expect(fake.app.quitted).toBe(true);
  });

  it('offers a free port when the configured one is taken', async () => {
    fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false });
    const { cores, running } = start((core, index) => {
      if (index === 0) core.start.mockRejectedValue(new PortInUseError('127.0.0.1', 4141));
    });
    await running;
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('4141') }),
    );
    expect(cores).toHaveLength(2);
    expect(cores[1]?.options.port).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('quits without a window when the user declines another port', async () => {
    fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const { cores, running } = start((core) => {
      core.start.mockRejectedValue(new PortInUseError('127.0.0.1', 4141));
    });
    await running;
    await flush();
    expect(fake.app.quitted).toBe(true);
    expect(cores).toHaveLength(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('shows other start failures and quits', async () => {
    const { running } = start((core) => {
      core.start.mockRejectedValue(new Error('config.json: server.port must be a number'));
    });
    await running;
    await flush();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(
      'Farebox could not start',
      'config.json: server.port must be a number',
    );
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fake.app.quitted).toBe(true);
  });
});
