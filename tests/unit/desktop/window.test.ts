// The dashboard window: hardened options, a strict CSP on every app:// response, files served only
// from the renderer build, hide-to-tray on close, and no navigation or new windows.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, createAppHandler, DASHBOARD_URL, resolveAppAsset } from '../../../src-main/desktop/window/app-protocol';
import { DASHBOARD_CSP } from '../../../src-main/desktop/window/csp';
import { dashboardWindowOptions } from '../../../src-main/desktop/window/window-options';
import { isAppUrl, WindowManager, type DashboardContents, type DashboardWindow, type PreventableEvent } from '../../../src-main/desktop/window/window-manager';
import { createTestLogger } from '../../helpers/test-logger';

describe('dashboard window options', () => {
  it('turns on the sandbox and context isolation, and off Node, webviews and insecure content', () => {
    const o = dashboardWindowOptions({ preloadPath: '/app/dist/desktop/preload.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/desktop/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o.show).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = new Map(DASHBOARD_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('denies by default and allows only our own scripts and styles', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
  });

  it('rides on every dashboard response', async () => {
    expect(appResponseHeaders('text/html')).toMatchObject({ 'content-security-policy': DASHBOARD_CSP, 'x-content-type-options': 'nosniff' });
  });
});

describe('app:// file serving', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'island-renderer-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Island</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(tmpdir(), 'island-secret.txt'), 'secret');

  it('maps app://island paths to files of the renderer build', () => {
    expect(resolveAppAsset(DASHBOARD_URL, root)).toEqual({ type: 'file', path: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('app://island/', root)).toMatchObject({ path: path.join(root, 'index.html') });
    expect(resolveAppAsset('app://island/assets/index-abc.js?v=1#x', root)).toMatchObject({ path: path.join(root, 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it.each([
    ['another host', 'app://other/index.html', 403],
    ['another scheme', 'file:///etc/passwd', 403],
    ['an encoded way out', 'app://island/..%2f..%2fisland-secret.txt', 404],
    ['a backslash way out', 'app://island/..%5c..%5cisland-secret.txt', 404],
    ['a NUL', 'app://island/index.html%00.js', 400],
    ['bad encoding', 'app://island/%E0%A4%A', 400],
    ['an unknown file type', 'app://island/index.php', 404],
  ])('refuses %s', (_what, url, status) => {
    const r = resolveAppAsset(url, root);
    expect(r.type).toBe('refused');
    if (r.type === 'refused') expect(r.status).toBe(status);
    if (r.type === 'file') expect(r.path.startsWith(root)).toBe(true);
  });

  it('serves with the CSP header, and 404s what is missing', async () => {
    const handle = createAppHandler(root, (f) => readFile(f));
    const ok = await handle({ url: DASHBOARD_URL });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(await ok.text()).toContain('<title>Island</title>');
    expect((await handle({ url: 'app://island/assets/missing.js' })).status).toBe(404);
    expect((await handle({ url: 'app://evil/index.html' })).status).toBe(403);
  });
});

type Handler = (...args: never[]) => unknown;

class FakeContents implements DashboardContents {
  readonly id = 3;
  handlers = new Map<string, Handler>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  sent: unknown[] = [];
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  on(event: string, fn: Handler) {
    this.handlers.set(event, fn);
    return this;
  }
}

class FakeWindow implements DashboardWindow {
  readonly webContents = new FakeContents();
  loaded: string[] = [];
  visible = false;
  focused = 0;
  handlers = new Map<string, Handler>();
  constructor(readonly options: BrowserWindowConstructorOptions) {}
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused++;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  on(event: string, fn: Handler) {
    this.handlers.set(event, fn);
    return this;
  }
  once(event: string, fn: Handler) {
    this.handlers.set(event, fn);
    return this;
  }
}

function manager() {
  const windows: FakeWindow[] = [];
  const external: string[] = [];
  const connected: number[] = [];
  const log = createTestLogger();
  const wm = new WindowManager({
    create: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
    options: dashboardWindowOptions({ preloadPath: '/p.cjs' }),
    connect: (c) => {
      connected.push(c.id);
      return () => connected.splice(connected.indexOf(c.id), 1);
    },
    openExternal: (u) => external.push(u),
    log,
  });
  return { wm, windows, external, connected, log };
}

const preventable = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e as PreventableEvent & { prevented: boolean };
};

describe('WindowManager', () => {
  it('creates one window with the hardened options, loads the dashboard and connects it', () => {
    const { wm, windows, connected } = manager();
    wm.show();
    wm.show('pairing');
    expect(windows).toHaveLength(1);
    const w = windows[0]!;
    expect(w.options.webPreferences?.sandbox).toBe(true);
    expect(w.loaded).toEqual([DASHBOARD_URL, `${DASHBOARD_URL}#/pairing`]);
    expect(connected).toEqual([3]);
    (w.handlers.get('ready-to-show') as () => void)();
    expect(w.visible).toBe(true);
  });

  it('hides to the tray on close, and closes for real once the app quits', () => {
    const { wm, windows } = manager();
    wm.show();
    const w = windows[0]!;
    w.visible = true;
    const close = w.handlers.get('close') as (e: PreventableEvent) => void;
    const first = preventable();
    close(first);
    expect(first.prevented).toBe(true);
    expect(w.visible).toBe(false);
    wm.allowClose();
    const second = preventable();
    close(second);
    expect(second.prevented).toBe(false);
  });

  it('refuses navigation away from the app and opens https links in the browser instead', () => {
    const { wm, windows, external, log } = manager();
    wm.show();
    const nav = windows[0]!.webContents.handlers.get('will-navigate') as (e: PreventableEvent, url: string) => void;
    const inside = preventable();
    nav(inside, 'app://island/index.html#/jobs');
    expect(inside.prevented).toBe(false);
    const away = preventable();
    nav(away, 'https://app.archipelag.io/pair?code=ABC');
    expect(away.prevented).toBe(true);
    const file = preventable();
    nav(file, 'file:///etc/passwd');
    expect(file.prevented).toBe(true);
    expect(external).toEqual(['https://app.archipelag.io/pair?code=ABC']);
    expect(log.has({ level: 'warn', msg: 'refused to open a link that is not https', fields: { url: 'file:///etc/passwd' } })).toBe(true);
    const redirect = windows[0]!.webContents.handlers.get('will-redirect') as (e: PreventableEvent, url: string) => void;
    const r = preventable();
    redirect(r, 'http://evil.example/');
    expect(r.prevented).toBe(true);
  });

  it('denies window.open, webviews, and hands only https URLs to the browser', () => {
    const { wm, windows, external } = manager();
    wm.show();
    const c = windows[0]!.webContents;
    expect(c.openHandler!({ url: 'https://archipelag.io/docs' })).toEqual({ action: 'deny' });
    expect(c.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://archipelag.io/docs']);
    const webview = preventable();
    (c.handlers.get('will-attach-webview') as (e: PreventableEvent) => void)(webview);
    expect(webview.prevented).toBe(true);
  });

  it('disconnects a closed window from the agent', () => {
    const { wm, windows, connected } = manager();
    wm.show();
    (windows[0]!.handlers.get('closed') as () => void)();
    expect(connected).toEqual([]);
    expect(wm.window).toBeNull();
  });

  it('knows its own URLs', () => {
    expect(isAppUrl('app://island/index.html')).toBe(true);
    expect(isAppUrl('app://island.evil/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
