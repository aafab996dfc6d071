import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  SAVE_DELAY_MS,
  trackWindowState,
  type WindowState,
} from '../../../electron/main/window-state';
import { FakeBrowserWindow, FakeScreen } from './fake-electron';

const minimum = { width: 720, height: 480 };
const saved = (overrides: Partial<WindowState> = {}): WindowState => ({
  x: 100,
  y: 80,
  width: 1200,
  height: 800,
  maximized: false,
  ...overrides,
});

describe('restoreWindowState', () => {
  it('restores size, position and maximized when the window fits a connected display', () => {
    const screen = new FakeScreen();
    expect(restoreWindowState(saved({ maximized: true }), screen, minimum)).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('finds the window on a second display, including one left of or above the primary', () => {
    const screen = new FakeScreen();
    screen.displays = [
      { x: 0, y: 0, width: 1920, height: 1050 },
      { x: -2560, y: -200, width: 2560, height: 1400 },
    ];
    const state = saved({ x: -2400, y: -100, width: 1600, height: 1000 });
    expect(restoreWindowState(state, screen, minimum)?.bounds).toEqual({
      x: -2400,
      y: -100,
      width: 1600,
      height: 1000,
    });
  });

  it('accepts a window snapped to an edge (Windows counts an invisible border in its bounds)', () => {
    const screen = new FakeScreen();
    const snapped = saved({ x: -7, y: 0, width: 974, height: 1057 });
    expect(restoreWindowState(snapped, screen, minimum)?.bounds).toMatchObject({ x: -7, y: 0 });
  });

  it('drops the position, keeping the size centred, when its display is gone', () => {
    const screen = new FakeScreen();
    const onDisconnected = saved({ x: 2200, y: 100 });
    expect(restoreWindowState(onDisconnected, screen, minimum)).toEqual({
      bounds: { width: 1200, height: 800 },
      maximized: false,
    });
    const straddling = saved({ x: 1000, y: 100 });
    expect(restoreWindowState(straddling, screen, minimum)?.bounds).toEqual({ width: 1200, height: 800 });
  });

  it('restores nothing when the window is larger than what is left to show it on', () => {
    const screen = new FakeScreen();
    screen.displays = [{ x: 0, y: 0, width: 1280, height: 720 }];
    expect(restoreWindowState(saved({ x: 3000, width: 2400, height: 1300 }), screen, minimum)).toBeNull();
    expect(restoreWindowState(null, screen, minimum)).toBeNull();
  });

  it('never restores below the minimum size', () => {
    const screen = new FakeScreen();
    expect(restoreWindowState(saved({ width: 200, height: 100 }), screen, minimum)?.bounds).toMatchObject({
      width: 720,
      height: 480,
    });
  });
});

describe('parseWindowState', () => {
  it('accepts only whole-number bounds with a positive size', () => {
    expect(parseWindowState({ x: 1, y: 2, width: 3, height: 4 })).toEqual({
      x: 1,
      y: 2,
      width: 3,
      height: 4,
      maximized: false,
    });
    for (const bad of [
      null,
      'x',
      [],
      { x: 1, y: 2, width: 3 },
      { x: 1.5, y: 2, width: 3, height: 4 },
      { x: 1, y: 2, width: 0, height: 4 },
      { x: '1', y: 2, width: 3, height: 4 },
      { x: 1, y: 2, width: Number.NaN, height: 4 },
    ]) {
      expect(parseWindowState(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('window state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'farebox-window-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips through JSON in the given file', () => {
    const file = join(dir, 'nested', 'window-state.json');
    saveWindowState(file, saved({ maximized: true }));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(saved({ maximized: true }));
    expect(loadWindowState(file, () => undefined)).toEqual(saved({ maximized: true }));
  });

  it('treats a missing file as no state and a corrupt one as no state, reporting it', () => {
    const onError = vi.fn();
    expect(loadWindowState(join(dir, 'missing.json'), onError)).toBeNull();
    expect(onError).not.toHaveBeenCalled();
    const corrupt = join(dir, 'window-state.json');
    writeFileSync(corrupt, '{"x": 1,');
    expect(loadWindowState(corrupt, onError)).toBeNull();
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('trackWindowState', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function tracked() {
    const win = new FakeBrowserWindow({});
    const save = vi.fn();
    const onError = vi.fn();
    trackWindowState(win, save, onError);
    return { win, save, onError };
  }

  it('saves once, a moment after a burst of moves and resizes', () => {
    const { win, save } = tracked();
    for (let i = 0; i < 10; i++) {
      win.normalBounds = { x: 10 + i, y: 20, width: 1000 + i, height: 700 };
      win.emit(i % 2 ? 'move' : 'resize');
      vi.advanceTimersByTime(SAVE_DELAY_MS / 2);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ x: 19, y: 20, width: 1009, height: 700, maximized: false });
  });

  it('saves the normal bounds and the maximized flag when maximized', () => {
    const { win, save } = tracked();
    win.maximized = true;
    win.emit('maximize');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(save).toHaveBeenCalledWith({ x: 0, y: 0, width: 1100, height: 760, maximized: true });
  });

  it('saves at once on close and drops the pending save', () => {
    const { win, save } = tracked();
    win.emit('resize');
    win.normalBounds = { x: 5, y: 6, width: 900, height: 600 };
    win.emit('close');
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ x: 5, y: 6, width: 900, height: 600, maximized: false });
    win.emit('closed');
    vi.advanceTimersByTime(SAVE_DELAY_MS * 2);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('skips a destroyed window and reports a failed save without throwing', () => {
    const { win, save, onError } = tracked();
    save.mockImplementation(() => {
      throw new Error('disk full');
    });
    expect(() => win.emit('close')).not.toThrow();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }));
    win.destroyed = true;
    win.emit('resize');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
