import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** An Electron-style event whose default can be prevented. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeApp extends EventEmitter {
  hasLock = true;
  isPackaged = false;
  appPath = '/repo';
  name = 'farebox';
  exited: number | null = null;
  /** Set once a quit got past before-quit. */
  quitted = false;
  readonly paths = new Map<string, string>([
    ['appData', '/home/user/.config'],
    ['userData', '/home/user/.config/farebox'],
  ]);

  requestSingleInstanceLock = vi.fn(() => this.hasLock);
  whenReady = vi.fn(() => Promise.resolve());
  getAppPath = vi.fn(() => this.appPath);
  setName = vi.fn((name: string) => {
    this.name = name;
  });
  getPath = vi.fn((name: string) => {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`no fake path for ${name}`);
    return path;
  });
  setPath = vi.fn((name: string, path: string) => {
    this.paths.set(name, path);
  });
  quit = vi.fn(() => {
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  });
  exit = vi.fn((code?: number) => {
    this.exited = code ?? 0;
  });
}

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  send = vi.fn();
  isDestroyed = vi.fn(() => this.destroyed);
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  session = {
    setPermissionRequestHandler: vi.fn(
      (handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void) => {
        this.permissionHandler = handler;
      },
    ),
  };
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  minimized = false;
  destroyed = false;
  loaded: { file?: string; url?: string } = {};

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadFile = vi.fn((file: string) => {
    this.loaded = { file };
    return Promise.resolve();
  });
  loadURL = vi.fn((url: string) => {
    this.loaded = { url };
    return Promise.resolve();
  });
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => {
    this.minimized = false;
  });
  isMinimized = vi.fn(() => this.minimized);
  isDestroyed = vi.fn(() => this.destroyed);
}

type InvokeListener = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle = vi.fn((channel: string, listener: InvokeListener) => {
    // Electron throws on a second handler for one channel; so does the fake.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });

  /** Calls a registered handler the way a renderer frame at `url` would. */
  async invokeFrom(url: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve({ ok: true, data: 'from-main' }));
}

export const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  dialog: {
    showMessageBox: vi.fn((_options: unknown) => Promise.resolve({ response: 0, checkboxChecked: false })),
    showErrorBox: vi.fn((_title: string, _content: string) => undefined),
  },
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      fake.contextBridge.exposed.set(key, value);
    }),
  },
};

/** The module that `vi.mock('electron', ...)` hands to the code under test. */
export const electronModule = {
  get app() {
    return fake.app;
  },
  get ipcMain() {
    return fake.ipcMain;
  },
  get ipcRenderer() {
    return fake.ipcRenderer;
  },
  get dialog() {
    return fake.dialog;
  },
  get contextBridge() {
    return fake.contextBridge;
  },
  BrowserWindow: FakeBrowserWindow,
};

export function resetFakeElectron(): void {
  fake.app = new FakeApp();
  fake.ipcMain = new FakeIpcMain();
  // The preload captures ipcRenderer once at import, so it is cleared in place rather than replaced.
  fake.ipcRenderer.removeAllListeners();
  fake.ipcRenderer.invoke.mockClear();
  fake.dialog.showMessageBox.mockReset();
  fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false });
  fake.dialog.showErrorBox.mockReset();
  fake.contextBridge.exposed.clear();
  fake.contextBridge.exposeInMainWorld.mockClear();
  FakeBrowserWindow.instances = [];
}
