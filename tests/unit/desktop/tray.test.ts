// The tray from each state: which icon, which status line, which menu (pure trayView), and
// TrayService applying it to a fake Electron Tray and Menu on each platform.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AgentState } from '../../../src-main/desktop/agent/agent-supervisor';
import { trayIconFile } from '../../../src-main/desktop/tray/tray-icons';
import { TrayService, type TrayLike } from '../../../src-main/desktop/tray/tray-service';
import { trayView, type TrayAction, type TrayInput, type TrayMenuItem } from '../../../src-main/desktop/tray/tray-view';
import { statusView, type StatusInput } from './fakes/status';

const running: AgentState = { type: 'running', since: 0, ready: true, restarts: 0 };
const NOW = 1_000_000;

function input(status: StatusInput | null, over: Partial<TrayInput> = {}): TrayInput {
  return {
    agent: running,
    status: status ? statusView(status) : null,
    quit: { type: 'running' },
    update: { type: 'idle' },
    launchAtLogin: false,
    now: NOW,
    formatTime: (ms) => `T+${(ms - NOW) / 60_000}m`,
    ...over,
  };
}

const labels = (menu: TrayMenuItem[]) => menu.map((m) => (m.type === 'separator' ? '---' : m.label));
const item = (menu: TrayMenuItem[], action: TrayAction) => menu.find((m) => (m.type === 'action' || m.type === 'checkbox') && m.action === action);

describe('trayView: icon and status line for each state', () => {
  it.each<[string, TrayInput, string, string]>([
    ['agent starting', input(null, { agent: { type: 'starting', restarts: 0 } }), 'idle', 'Starting…'],
    ['agent up, no status yet', input(null), 'idle', 'Starting…'],
    ['connecting', input({ phase: 'connecting' }), 'idle', 'Connecting to the coordinator…'],
    ['online and taking jobs', input({ phase: 'online' }), 'available', 'Online, waiting for jobs'],
    ['online but no runtime', input({ phase: 'online', takingJobs: false, reason: 'Docker is not running' }), 'idle', 'Online, not taking jobs: Docker is not running'],
    ['one job', input({ phase: 'working', jobs: 1 }), 'working', 'Running 1 job'],
    ['three jobs', input({ phase: 'working', jobs: 3 }), 'working', 'Running 3 jobs'],
    ['paused', input({ phase: 'paused', mode: 'paused' }), 'paused', 'Paused'],
    ['paused for an hour', input({ phase: 'paused', mode: 'paused', pausedUntil: NOW + 60 * 60_000 }), 'paused', 'Paused until T+60m'],
    ['offline', input({ phase: 'disconnected', lastError: 'connection refused' }), 'error', 'Offline: connection refused'],
    ['offline, no error text', input({ phase: 'disconnected' }), 'error', 'Offline: the coordinator is unreachable'],
    ['agent crashed', input(null, { agent: { type: 'waiting', retryAt: NOW + 4_000, exitCode: 1, fatal: null, restarts: 1 } }), 'error', 'Stopped unexpectedly; restarting in 4 s'],
    ['agent cannot start', input(null, { agent: { type: 'waiting', retryAt: NOW + 4_000, exitCode: 1, fatal: 'config.toml:2: bad key\nmore', restarts: 3 } }), 'error', 'Cannot start: config.toml:2: bad key'],
    ['quitting with jobs', input({ phase: 'stopping', jobs: 2 }, { quit: { type: 'draining', activeJobs: 2 } }), 'working', 'Finishing 2 jobs…'],
    ['quitting, last job', input({ phase: 'stopping', jobs: 1 }, { quit: { type: 'draining', activeJobs: 1 } }), 'working', 'Finishing 1 job…'],
    ['quitting idle', input({ phase: 'stopping' }, { quit: { type: 'draining', activeJobs: 0 } }), 'working', 'Stopping…'],
    ['stopped', input({ phase: 'stopped' }), 'idle', 'Stopped'],
  ])('%s', (_name, i, icon, line) => {
    const view = trayView(i);
    expect(view.icon).toBe(icon);
    expect(view.menu[0]).toEqual({ type: 'label', label: line });
    expect(view.tooltip).toBe(`Island: ${line}`);
  });
});

describe('trayView: the menu', () => {
  it('offers pause, pause for an hour, dashboard, pairing, launch at login and Quit when online', () => {
    expect(labels(trayView(input({ phase: 'online' })).menu)).toEqual([
      'Online, waiting for jobs',
      '---',
      'Pause',
      'Pause for an hour',
      '---',
      'Open dashboard',
      'Pair with your account…',
      '---',
      'Launch at login',
      '---',
      'Quit',
    ]);
  });

  it('offers going online when paused, and says a timed pause can end early', () => {
    const plain = trayView(input({ phase: 'paused', mode: 'paused' })).menu;
    expect(item(plain, 'go-online')).toMatchObject({ label: 'Go online', enabled: true });
    expect(item(plain, 'pause')).toBeUndefined();
    const timed = trayView(input({ phase: 'paused', mode: 'paused', pausedUntil: NOW + 1 })).menu;
    expect(item(timed, 'go-online')).toMatchObject({ label: 'Go online now' });
  });

  it('disables availability actions while the agent is down, but not the dashboard or Quit', () => {
    const menu = trayView(input(null, { agent: { type: 'waiting', retryAt: NOW + 1000, exitCode: 1, fatal: null, restarts: 1 } })).menu;
    expect(item(menu, 'pause')).toMatchObject({ enabled: false });
    expect(item(menu, 'pause-hour')).toMatchObject({ enabled: false });
    expect(item(menu, 'open-dashboard')).toMatchObject({ enabled: true });
    expect(item(menu, 'quit')).toMatchObject({ label: 'Quit', enabled: true });
  });

  it('says Quit finishes running jobs first, and shows the drain instead of Quit while quitting', () => {
    expect(item(trayView(input({ phase: 'working', jobs: 2 })).menu, 'quit')).toMatchObject({ label: 'Quit (finishes 2 running jobs first)', enabled: true });
    const draining = trayView(input({ phase: 'stopping', jobs: 2 }, { quit: { type: 'draining', activeJobs: 2 } })).menu;
    expect(item(draining, 'quit')).toMatchObject({ label: 'Finishing 2 jobs…', enabled: false });
    expect(item(draining, 'pause')).toMatchObject({ enabled: false });
  });

  it('shows pairing done, the login item state, and a staged update with its restart item', () => {
    const view = trayView(input({ phase: 'online', paired: true }, { launchAtLogin: true, update: { type: 'staged', version: '0.6.0', notes: null, critical: false } }));
    expect(item(view.menu, 'pairing')).toMatchObject({ label: 'Pairing (paired)' });
    expect(item(view.menu, 'toggle-login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(view.menu[1]).toEqual({ type: 'label', label: 'Update 0.6.0 ready' });
    expect(item(view.menu, 'install-update')).toMatchObject({ label: 'Restart to update to 0.6.0', enabled: true });
    expect(view.tooltip).toBe('Island: Online, waiting for jobs (Update 0.6.0 ready)');
  });

  it('shows download progress and a refused update, without an install item', () => {
    const downloading = trayView(input({ phase: 'online' }, { update: { type: 'downloading', version: '0.6.0', percent: 42.7 } }));
    expect(downloading.menu[1]).toEqual({ type: 'label', label: 'Downloading update 0.6.0: 42%' });
    expect(item(downloading.menu, 'install-update')).toBeUndefined();
    const refused = trayView(input({ phase: 'online' }, { update: { type: 'refused', version: '0.6.0', reason: 'its Ed25519 signature does not verify' } }));
    expect(refused.menu[1]).toEqual({ type: 'label', label: 'Update 0.6.0 refused: its Ed25519 signature does not verify' });
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const view = trayView(input({ phase: 'disconnected', lastError: 'x'.repeat(300) }));
    expect(view.tooltip.length).toBeLessThanOrEqual(127);
  });
});

class FakeTray implements TrayLike {
  images: string[] = [];
  tooltips: string[] = [];
  menus: unknown[] = [];
  clicks: Array<() => void> = [];
  destroyed = false;
  setImage(image: string) {
    this.images.push(image);
  }
  setToolTip(t: string) {
    this.tooltips.push(t);
  }
  setContextMenu(menu: unknown) {
    this.menus.push(menu);
  }
  on(_event: 'click', fn: () => void) {
    this.clicks.push(fn);
    return this;
  }
  destroy() {
    this.destroyed = true;
  }
}

function service(platform: 'darwin' | 'win32' | 'linux') {
  const tray = new FakeTray();
  const actions: TrayAction[] = [];
  const svc = new TrayService({
    tray,
    buildMenu: (template) => ({ template }),
    iconFile: (icon) => trayIconFile('/res/tray', platform, icon),
    onAction: (a) => actions.push(a),
    clickOpensDashboard: platform === 'win32',
  });
  return { tray, actions, svc };
}

describe('TrayService with a fake Tray and Menu', () => {
  it.each([
    ['darwin', path.join('/res/tray', 'mac', 'workingTemplate.png')],
    ['win32', path.join('/res/tray', 'win', 'working.png')],
    ['linux', path.join('/res/tray', 'linux', 'working.png')],
  ] as const)('sets the %s icon for the state', (platform, file) => {
    const { tray, svc } = service(platform);
    svc.render(trayView(input({ phase: 'working', jobs: 1 })));
    expect(tray.images).toEqual([file]);
  });

  it('applies only what changed', () => {
    const { tray, svc } = service('linux');
    svc.render(trayView(input({ phase: 'online' })));
    svc.render(trayView(input({ phase: 'online' })));
    expect([tray.images.length, tray.tooltips.length, tray.menus.length]).toEqual([1, 1, 1]);
    svc.render(trayView(input({ phase: 'working', jobs: 1 })));
    expect(tray.images.map((f) => path.basename(f))).toEqual(['available.png', 'working.png']);
    expect(tray.tooltips).toEqual(['Island: Online, waiting for jobs', 'Island: Running 1 job']);
    expect(tray.menus).toHaveLength(2);
  });

  it('wires each menu item to its action, and leaves the status line inert', () => {
    const { tray, actions, svc } = service('linux');
    svc.render(trayView(input({ phase: 'online' })));
    const template = (tray.menus[0] as { template: MenuItemConstructorOptions[] }).template;
    expect(template[0]).toEqual({ label: 'Online, waiting for jobs', enabled: false });
    for (const entry of template) entry.click?.(undefined as never, undefined as never, undefined as never);
    expect(actions).toEqual(['pause', 'pause-hour', 'open-dashboard', 'pairing', 'toggle-login', 'quit']);
    expect(template.find((t) => t.label === 'Launch at login')).toMatchObject({ type: 'checkbox', checked: false });
  });

  it('opens the dashboard on a left click on Windows only', () => {
    const win = service('win32');
    expect(win.tray.clicks).toHaveLength(1);
    win.tray.clicks[0]!();
    expect(win.actions).toEqual(['open-dashboard']);
    expect(service('darwin').tray.clicks).toHaveLength(0);
  });

  it('does nothing after destroy', () => {
    const { tray, svc } = service('linux');
    svc.destroy();
    svc.render(trayView(input({ phase: 'online' })));
    expect(tray.destroyed).toBe(true);
    expect(tray.images).toEqual([]);
  });
});
