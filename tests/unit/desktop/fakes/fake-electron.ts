// A stand-in for the `electron` module, enough for src-main/desktop/main.ts to boot in plain Node
// (vi.mock('electron') points here): every object records what main did with it, and the test
// plays the agent's utility process and the user.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { FakeAgentProcess } from './fake-agent-process';

export class FakeApp extends EventEmitter {
  isPackaged = false;
  quits = 0;
  exits: number[] = [];
  constructor(
    private readonly dirs: { appPath: string; userData: string },
    readonly version = '0.5.0',
  ) {
    super();
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`);
    return this.dirs.userData;
  }
  getAppPath() {
    return this.dirs.appPath;
  }
  getVersion() {
    return this.version;
  }
  quit() {
    this.quits++;
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('before-quit', event);
  }
  exit(code = 0) {
    this.exits.push(code);
  }
}

export class FakeTray {
  static all: FakeTray[] = [];
  images: string[] = [];
  tooltips: string[] = [];
  menus: Array<{ template: Array<{ label?: string; click?: () => void }> }> = [];
  constructor(image: string) {
    this.images.push(image);
    FakeTray.all.push(this);
  }
  setImage(i: string) {
    this.images.push(i);
  }
  setToolTip(t: string) {
    this.tooltips.push(t);
  }
  setContextMenu(m: { template: Array<{ label?: string; click?: () => void }> }) {
    this.menus.push(m);
  }
  on() {
    return this;
  }
  destroy() {}
  get menu() {
    return this.menus.at(-1)?.template ?? [];
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  loaded: string[] = [];
  visible = false;
  readonly webContents = Object.assign(new EventEmitter(), {
    id: 11,
    sent: [] as unknown[][],
    send: (...args: unknown[]) => void this.webContents.sent.push(args),
    isDestroyed: () => false,
    setWindowOpenHandler: () => undefined,
  });
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
}

export function createFakeElectron(dirs: { appPath: string; userData: string }) {
  const forks: Array<{ modulePath: string; options: Record<string, unknown>; proc: FakeAgentProcess }> = [];
  const ipcListeners = new Map<string, (...args: unknown[]) => void>();
  const protocols: string[] = [];
  const privileged: unknown[] = [];
  const notifications: Array<{ title: string; body: string }> = [];
  /** What powerMonitor.getSystemIdleTime() answers. */
  const idleSeconds = { value: 0 };
  const app = new FakeApp(dirs);
  return {
    app,
    forks,
    idleSeconds,
    ipcListeners,
    protocols,
    privileged,
    notifications,
    module: {
      app,
      Tray: FakeTray,
      BrowserWindow: FakeBrowserWindow,
      Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
      ipcMain: {
        on: (channel: string, fn: (...args: unknown[]) => void) => void ipcListeners.set(channel, fn),
        removeAllListeners: (channel: string) => void ipcListeners.delete(channel),
      },
      protocol: {
        registerSchemesAsPrivileged: (s: unknown[]) => void privileged.push(...s),
        handle: (scheme: string) => void protocols.push(scheme),
      },
      utilityProcess: {
        fork: (modulePath: string, _args: string[], options: Record<string, unknown>) => {
          const proc = new FakeAgentProcess((options.env ?? {}) as Record<string, string>);
          forks.push({ modulePath, options, proc });
          return proc;
        },
      },
      Notification: Object.assign(
        class {
          constructor(private readonly n: { title: string; body: string }) {}
          show() {
            notifications.push(this.n);
          }
        },
        { isSupported: () => true },
      ),
      powerSaveBlocker: { start: () => 1, stop: () => undefined },
      powerMonitor: { getSystemIdleTime: () => idleSeconds.value },
      safeStorage: {
        isEncryptionAvailable: () => false,
        encryptString: () => Buffer.alloc(0),
        decryptString: () => '',
        getSelectedStorageBackend: () => 'basic_text',
      },
      shell: { openExternal: async () => undefined },
    },
  };
}
