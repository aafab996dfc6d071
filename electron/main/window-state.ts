import type { Rectangle } from 'electron';
import { readJsonFile, writeJsonFile } from './json-file';

export const WINDOW_STATE_FILE = 'window-state.json';
export const SAVE_DELAY_MS = 500;
/**
 * Windows counts an invisible resize border (about 7 px) in a window's bounds, so a window snapped to a screen
 * edge reaches slightly past the work area and must still count as on that display.
 */
const EDGE_TOLERANCE = 16;

/** The window's normal (unmaximized) bounds, and whether it was maximized. */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** What to open the window with; no position means Electron centres it. */
export interface RestoredWindowState {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

/** The part of Electron's `screen` this needs. */
export interface DisplayLayout {
  getAllDisplays(): Array<{ workArea: Rectangle }>;
  getPrimaryDisplay(): { workArea: Rectangle };
}

export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = raw as Record<string, unknown>;
  const { x, y, width, height, maximized } = value;
  const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { x, y, width, height, maximized: maximized === true };
}

function within(bounds: Rectangle, area: Rectangle): boolean {
  return (
    bounds.x >= area.x - EDGE_TOLERANCE &&
    bounds.y >= area.y - EDGE_TOLERANCE &&
    bounds.x + bounds.width <= area.x + area.width + EDGE_TOLERANCE &&
    bounds.y + bounds.height <= area.y + area.height + EDGE_TOLERANCE
  );
}

/**
 * The saved position is used only when the whole window still fits a connected display. When that display is
 * gone (a laptop off its dock), the size is kept if it fits the primary display and the window is centred.
 */
export function restoreWindowState(
  saved: WindowState | null,
  screen: DisplayLayout,
  minimum: { width: number; height: number },
): RestoredWindowState | null {
  if (!saved) return null;
  const width = Math.max(saved.width, minimum.width);
  const height = Math.max(saved.height, minimum.height);
  const bounds = { x: saved.x, y: saved.y, width, height };
  if (screen.getAllDisplays().some((display) => within(bounds, display.workArea))) {
    return { bounds, maximized: saved.maximized };
  }
  const primary = screen.getPrimaryDisplay().workArea;
  if (width <= primary.width && height <= primary.height) {
    return { bounds: { width, height }, maximized: saved.maximized };
  }
  return null;
}

/** The saved state; null when there is none or it cannot be read (reported through onError). */
export function loadWindowState(file: string, onError: (error: unknown) => void): WindowState | null {
  try {
    return parseWindowState(readJsonFile(file));
  } catch (error) {
    onError(error);
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state);
}

/** The part of BrowserWindow this needs. */
export interface TrackedWindow {
  on(
    event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close' | 'closed',
    listener: () => void,
  ): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/**
 * Saves the window's state a moment after it stops moving or resizing (both fire continuously during a drag),
 * and at once when it closes.
 */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  onError: (error: unknown) => void,
  delayMs = SAVE_DELAY_MS,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const capture = () => {
    if (win.isDestroyed()) return;
    // Normal bounds, so a maximized window comes back maximized and unmaximizes to where it was.
    const { x, y, width, height } = win.getNormalBounds();
    try {
      save({ x, y, width, height, maximized: win.isMaximized() });
    } catch (error) {
      onError(error);
    }
  };
  const schedule = () => {
    cancel();
    timer = setTimeout(() => {
      timer = undefined;
      capture();
    }, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', () => {
    cancel();
    capture();
  });
  win.on('closed', cancel);
}
