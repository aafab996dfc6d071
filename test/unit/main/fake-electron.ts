import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
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
  setAppUserModelId = vi.fn();
  loginItem = { openAtLogin: false };
  getLoginItemSettings = vi.fn((_options?: { path?: string; args?: string[] }) => ({ ...this.loginItem }));
  setLoginItemSettings = vi.fn((settings: { openAtLogin?: boolean; path?: string; args?: string[] }) => {
    this.loginItem.openAtLogin = settings.openAtLogin ?? false;
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
  maximized = false;
  destroyed = false;
  loaded: { file?: string; url?: string } = {};
  normalBounds = { x: 0, y: 0, width: 1100, height: 760 };

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
  isMaximized = vi.fn(() => this.maximized);
  maximize = vi.fn(() => {
    this.maximized = true;
  });
  getNormalBounds = vi.fn(() => ({ ...this.normalBounds }));
}

export class FakeMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}
  static buildFromTemplate = vi.fn((template: MenuItemConstructorOptions[]) => new FakeMenu(template));

  labels(): string[] {
    return this.template.flatMap((item) => (item.label === undefined ? [] : [item.label]));
  }

  item(label: string): MenuItemConstructorOptions {
    const found = this.template.find((item) => item.label === label);
    if (!found) throw new Error(`no menu item '${label}' in ${JSON.stringify(this.labels())}`);
    return found;
  }

  /** Clicks an item the way Electron does: a checkbox flips before its click handler runs. */
  click(label: string): void {
    const item = this.item(label);
    const checked = item.type === 'checkbox' ? !item.checked : item.checked;
    item.click?.({ ...item, checked } as never, undefined, {} as never);
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  title = '';
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;

  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }

  setTitle = vi.fn((title: string) => {
    this.title = title;
  });
  setToolTip = vi.fn((tooltip: string) => {
    this.tooltip = tooltip;
  });
  setContextMenu = vi.fn((menu: FakeMenu | null) => {
    this.menu = menu;
  });
  destroy = vi.fn(() => {
    this.destroyed = true;
  });

  /** The current context menu; throws when there is none. */
  currentMenu(): FakeMenu {
    if (!this.menu) throw new Error('the tray has no menu');
    return this.menu;
  }
}

export interface FakeNotificationOptions {
  title?: string;
  body?: string;
  urgency?: string;
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported = vi.fn(() => FakeNotification.supported);
  shown = false;

  constructor(readonly options: FakeNotificationOptions) {
    super();
    FakeNotification.instances.push(this);
  }

  show = vi.fn(() => {
    this.shown = true;
  });
}

export class FakeNativeImage {
  readonly representations: Array<{ scaleFactor: number; dataURL?: string }> = [];
  constructor(readonly dataURL: string) {}
  addRepresentation = vi.fn((options: { scaleFactor: number; dataURL?: string }) => {
    this.representations.push(options);
  });
}

export interface FakeRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeScreen {
  /** Work areas of the connected displays; the first is the primary. */
  displays: FakeRectangle[] = [{ x: 0, y: 0, width: 1920, height: 1050 }];
  getAllDisplays = vi.fn(() => this.displays.map((workArea) => ({ workArea, bounds: workArea })));
  getPrimaryDisplay = vi.fn(() => {
    const workArea = this.displays[0];
    if (!workArea) throw new Error('no displays');
    return { workArea, bounds: workArea };
  });
}

/** Stands in for the OS keychain: the ciphertext is reversible here but never contains the plain text. */
export class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' =
    'gnome_libsecret';
  isEncryptionAvailable = vi.fn(() => this.available);
  getSelectedStorageBackend = vi.fn(() => this.backend);
  encryptString = vi.fn((plain: string) => {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([
      Buffer.from('fake-os-crypt:'),
      Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a),
    ]);
  });
  decryptString = vi.fn((encrypted: Buffer) => {
    if (!this.available) throw new Error('Decryption is not available.');
    const prefix = Buffer.from('fake-os-crypt:');
    if (!encrypted.subarray(0, prefix.length).equals(prefix))
      throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(encrypted.subarray(prefix.length).map((byte) => byte ^ 0x5a)).toString('utf8');
  });
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
  screen: new FakeScreen(),
  safeStorage: new FakeSafeStorage(),
  nativeImage: {
    createFromDataURL: vi.fn((dataURL: string) => new FakeNativeImage(dataURL)),
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
  get screen() {
    return fake.screen;
  },
  get safeStorage() {
    return fake.safeStorage;
  },
  get nativeImage() {
    return fake.nativeImage;
  },
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: FakeMenu,
  Notification: FakeNotification,
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
  fake.screen = new FakeScreen();
  fake.safeStorage = new FakeSafeStorage();
  fake.nativeImage.createFromDataURL.mockClear();
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeMenu.buildFromTemplate.mockClear();
  FakeNotification.instances = [];
  FakeNotification.supported = true;
}
