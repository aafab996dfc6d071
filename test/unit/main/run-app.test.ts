import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/contract';
import { PortInUseError, type CoreOptions } from '../../../electron/core/core-types';
import {
  FakeBrowserWindow,
  FakeNativeImage,
  FakeNotification,
  FakeTray,
  fake,
  fakeEvent,
  resetFakeElectron,
} from './fake-electron';
import { budgetAlert, fakeCore, record, type FakeCore } from './fake-core';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const { runApp } = await import('../../../electron/main/run-app');

const mainDir = '/repo/out/main';
const pageUrl = pathToFileURL(join('/repo/out/renderer/index.html')).href;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function start(
  configure: (core: FakeCore, index: number) => void = () => undefined,
  env: NodeJS.ProcessEnv = {},
) {
  const cores: FakeCore[] = [];
  const createCore = vi.fn((options: CoreOptions) => {
    const core = fakeCore(options);
    configure(core, cores.length);
    cores.push(core);
    return core;
  });
  const running = runApp({ createCore, mainDir, env });
  return { cores, createCore, running };
}

function onlyTray(): FakeTray {
  expect(FakeTray.instances).toHaveLength(1);
  const tray = FakeTray.instances[0];
  if (!tray) throw new Error('no tray');
  return tray;
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

  describe('desktop shell', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'farebox-app-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const inTempDirs = () => ({ FAREBOX_DATA_DIR: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') });

    it('shows month-to-date spend in a tray item that opens the dashboard', async () => {
      const { running } = start();
      await running;
      const tray = onlyTray();
      expect(tray.image).toBeInstanceOf(FakeNativeImage);
      expect((tray.image as FakeNativeImage).dataURL).toMatch(/^data:image\/png;base64,/);
      expect((tray.image as FakeNativeImage).representations).toEqual([
        expect.objectContaining({ scaleFactor: 2 }),
      ]);
      expect(tray.title).toBe('$1.25');
      expect(tray.tooltip).toContain('$1.25 this month');

      onlyWindow().emit('closed');
      tray.currentMenu().click('Open dashboard');
      expect(FakeBrowserWindow.instances).toHaveLength(2);
    });

    it('leaves launch at login off until the tray checkbox turns it on', async () => {
      const env = inTempDirs();
      const { running } = start(undefined, env);
      await running;
      const tray = onlyTray();
      expect(tray.currentMenu().item('Launch at login').checked).toBe(false);
      expect(fake.app.setLoginItemSettings).not.toHaveBeenCalled();
      tray.currentMenu().click('Launch at login');
      expect(tray.currentMenu().item('Launch at login').checked).toBe(true);
      if (process.platform === 'linux') {
        expect(existsSync(join(dir, 'config', 'autostart', 'farebox.desktop'))).toBe(true);
      }
    });

    it('notifies at budget thresholds, forwards them to the page, and opens the dashboard on a click', async () => {
      const { cores, running } = start();
      await running;
      const win = onlyWindow();
      cores[0]?.emitBudgetAlert(budgetAlert({ percent: 100, action: 'block', spentUsd: 50 }));
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(win.webContents.send).toHaveBeenCalledWith(
        'budget:threshold-crossed',
        expect.objectContaining({ budgetId: 'monthly', percent: 100, action: 'block' }),
      );
      const [notification] = FakeNotification.instances;
      expect(notification?.options.title).toBe('Budget "Monthly" reached 100%');
      expect(notification?.options.body).toContain('blocked');
      expect(notification?.show).toHaveBeenCalled();

      win.emit('closed');
      notification?.emit('click');
      expect(FakeBrowserWindow.instances).toHaveLength(2);
    });

    it('notifies once when a provider keeps failing', async () => {
      const { cores, running } = start();
      await running;
      for (let i = 0; i < 5; i++) {
        cores[0]?.emitRecorded(
          record({ id: `f${i}`, provider: 'openai', outcome: 'upstream_error', status: 500 }),
        );
      }
      expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['openai is failing']);
    });

    it('restores the saved window state and saves it again on close', async () => {
      const env = inTempDirs();
      const stateFile = join(env.FAREBOX_DATA_DIR, 'window-state.json');
      const { running: first } = start(undefined, env);
      await first;
      const win = onlyWindow();
      expect(win.options).toMatchObject({ width: 1100, height: 760 });
      expect(win.options).not.toHaveProperty('x');
      win.normalBounds = { x: 40, y: 30, width: 1300, height: 900 };
      win.maximized = true;
      win.emit('close');
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
        x: 40,
        y: 30,
        width: 1300,
        height: 900,
        maximized: true,
      });

      resetFakeElectron();
      const { running: second } = start(undefined, env);
      await second;
      const restored = onlyWindow();
      expect(restored.options).toMatchObject({ x: 40, y: 30, width: 1300, height: 900 });
      restored.emit('ready-to-show');
      expect(restored.maximize).toHaveBeenCalled();
      expect(restored.show).toHaveBeenCalled();
    });

    it('ignores a saved position on a display that is no longer connected', async () => {
      const env = inTempDirs();
      mkdirSync(env.FAREBOX_DATA_DIR, { recursive: true });
      writeFileSync(
        join(env.FAREBOX_DATA_DIR, 'window-state.json'),
        JSON.stringify({ x: 2400, y: 100, width: 1000, height: 700, maximized: false }),
      );
      const { running } = start(undefined, env);
      await running;
      const win = onlyWindow();
      expect(win.options).toMatchObject({ width: 1000, height: 700 });
      expect(win.options).not.toHaveProperty('x');
      win.emit('ready-to-show');
      expect(win.maximize).not.toHaveBeenCalled();
    });

    it('removes the tray before stopping the core, which still flushes the log on quit', async () => {
      const { cores, running } = start();
      await running;
      const tray = onlyTray();
      tray.currentMenu().click('Quit Farebox');
      await flush();
      expect(fake.app.quitted).toBe(true);
      const destroyed = tray.destroy.mock.invocationCallOrder[0] ?? Infinity;
      const stopped = cores[0]?.stop.mock.invocationCallOrder[0] ?? -Infinity;
      expect(destroyed).toBeLessThan(stopped);
    });
  });
});
