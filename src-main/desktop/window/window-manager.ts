// The dashboard window: created on first use, shown and focused on request, hidden to the tray
// when closed (the Island keeps running; Quit is in the tray), really closed only when the app
// quits. It may never leave our page: navigation is refused, window.open is refused, and https
// links (a pairing URL) open in the owner's browser instead.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from '../../agent/log/types';
import type { WebContentsLike } from '../ipc/ipc-bridge';
import { APP_ORIGIN, DASHBOARD_URL } from './app-protocol';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface DashboardContents extends WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface DashboardWindow {
  readonly webContents: DashboardContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface WindowManagerOptions {
  create: (options: BrowserWindowConstructorOptions) => DashboardWindow;
  options: BrowserWindowConstructorOptions;
  /** Connects the window's webContents to the agent (IpcBridge.connect); returns the disconnect. */
  connect: (contents: DashboardContents) => () => void;
  /** shell.openExternal, used for https links only. */
  openExternal: (url: string) => void;
  log: Logger;
  url?: string;
}

/** Only our own pages stay in the window. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export class WindowManager {
  private win: DashboardWindow | null = null;
  private quitting = false;

  constructor(private readonly opts: WindowManagerOptions) {}

  /** Shows the dashboard, on a screen (`pairing` → `#/pairing`) when given. */
  show(screen?: string): void {
    const url = (this.opts.url ?? DASHBOARD_URL) + (screen ? `#/${encodeURIComponent(screen)}` : '');
    if (this.win && !this.win.isDestroyed()) {
      if (screen) void this.load(this.win, url);
      if (this.win.isMinimized()) this.win.restore();
      this.win.show();
      this.win.focus();
      return;
    }
    const win = this.opts.create(this.opts.options);
    this.win = win;
    this.harden(win);
    const disconnect = this.opts.connect(win.webContents);
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      disconnect();
      if (this.win === win) this.win = null;
    });
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    void this.load(win, url);
  }

  /** From now on closing really closes (the app is quitting). */
  allowClose(): void {
    this.quitting = true;
  }

  get window(): DashboardWindow | null {
    return this.win;
  }

  private async load(win: DashboardWindow, url: string): Promise<void> {
    try {
      await win.loadURL(url);
    } catch (err) {
      this.opts.log.error('the dashboard page did not load', { url, error: (err as Error).message });
    }
  }

  private harden(win: DashboardWindow): void {
    const { log } = this.opts;
    const external = (url: string) => {
      if (url.startsWith('https://')) this.opts.openExternal(url);
      else log.warn('refused to open a link that is not https', { url: url.slice(0, 200) });
    };
    win.webContents.setWindowOpenHandler(({ url }) => {
      external(url);
      return { action: 'deny' };
    });
    const guard = (event: PreventableEvent, url: string) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log.warn('refused to navigate the dashboard away from the app', { url: url.slice(0, 200) });
      external(url);
    };
    win.webContents.on('will-navigate', guard);
    win.webContents.on('will-redirect', guard);
    win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  }
}
