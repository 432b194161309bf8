// Launch at login (off until the owner turns it on; Electron's login items on macOS and Windows,
// an XDG autostart entry on Linux), sleep prevention while jobs run, and which state changes
// become OS notifications.
import { describe, expect, it } from 'vitest';
import type { AgentState } from '../../../src-main/desktop/agent/agent-supervisor';
import { autostartEntry, linuxAutostart } from '../../../src-main/desktop/system/linux-autostart';
import { electronLoginItems, HIDDEN_ARG, LoginItemService, type LoginItemPort } from '../../../src-main/desktop/system/login-item';
import { noticesFor, Notifier, type Notice, type NotifyState } from '../../../src-main/desktop/system/notifications';
import { PowerSaveGuard } from '../../../src-main/desktop/system/power-save';
import { createTestLogger } from '../../helpers/test-logger';

class RecordingPort implements LoginItemPort {
  enabled = false;
  writes: boolean[] = [];
  async isEnabled() {
    return this.enabled;
  }
  async setEnabled(on: boolean) {
    this.writes.push(on);
    this.enabled = on;
  }
}

describe('launch at login', () => {
  it('is off by default and loading it never turns it on', async () => {
    const port = new RecordingPort();
    const svc = new LoginItemService(port, createTestLogger());
    expect(svc.isEnabled).toBe(false);
    expect(await svc.load()).toBe(false);
    expect(port.writes).toEqual([]);
  });

  it('changes only when the owner toggles it', async () => {
    const port = new RecordingPort();
    const svc = new LoginItemService(port, createTestLogger());
    await svc.load();
    expect(await svc.toggle()).toBe(true);
    expect(await svc.toggle()).toBe(false);
    expect(port.writes).toEqual([true, false]);
  });

  it('keeps the old value and logs when the OS refuses', async () => {
    const log = createTestLogger();
    const svc = new LoginItemService({ isEnabled: async () => false, setEnabled: async () => Promise.reject(new Error('denied')) }, log);
    expect(await svc.set(true)).toBe(false);
    expect(log.has({ level: 'error', msg: 'could not change the launch-at-login setting', fields: { error: 'denied' } })).toBe(true);
  });

  it('uses Electron login items with the hidden argument on macOS and Windows', async () => {
    const calls: unknown[] = [];
    const app = {
      getLoginItemSettings: (o?: { args?: string[] }) => (calls.push(['get', o]), { openAtLogin: true }),
      setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => void calls.push(['set', s]),
    };
    const port = electronLoginItems(app);
    expect(await port.isEnabled()).toBe(true);
    await port.setEnabled(true);
    expect(calls).toEqual([
      ['get', { args: [HIDDEN_ARG] }],
      ['set', { openAtLogin: true, args: [HIDDEN_ARG] }],
    ]);
  });

  it('writes and removes an XDG autostart entry on Linux that starts the AppImage hidden', async () => {
    const files = new Map<string, string>();
    const port = linuxAutostart({
      configHome: '/home/me/.config',
      id: 'io.archipelag.island',
      name: 'Island',
      executable: '/home/me/Apps/Island 0.5.0.AppImage',
      files: { exists: async (f) => files.has(f), write: async (f, t) => void files.set(f, t), remove: async (f) => void files.delete(f) },
    });
    expect(await port.isEnabled()).toBe(false);
    await port.setEnabled(true);
    const entry = files.get('/home/me/.config/autostart/io.archipelag.island.desktop');
    expect(entry).toContain('Exec="/home/me/Apps/Island 0.5.0.AppImage" --hidden\n');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Island\n');
    expect(await port.isEnabled()).toBe(true);
    await port.setEnabled(false);
    expect(files.size).toBe(0);
  });

  it('quotes Exec= arguments as the Desktop Entry spec says', () => {
    expect(autostartEntry('Island', '/opt/Island/island')).toContain('Exec=/opt/Island/island --hidden');
    expect(autostartEntry('Island', '/x/$HOME "q"/a')).toContain('Exec="/x/\\$HOME \\"q\\"/a" --hidden');
  });
});

describe('sleep prevention', () => {
  it('blocks app suspension while a job runs, once, and releases when none runs', () => {
    const calls: string[] = [];
    let next = 10;
    const guard = new PowerSaveGuard({ start: (t) => (calls.push(`start:${t}`), next++), stop: (id) => void calls.push(`stop:${id}`) });
    guard.update(0);
    guard.update(1);
    guard.update(3);
    expect(guard.blocking).toBe(true);
    guard.update(0);
    guard.update(2);
    guard.release();
    guard.release();
    expect(calls).toEqual(['start:prevent-app-suspension', 'stop:10', 'start:prevent-app-suspension', 'stop:11']);
  });
});

const running: AgentState = { type: 'running', since: 0, ready: true, restarts: 0 };
const state = (over: Partial<NotifyState> = {}): NotifyState => ({ phase: 'online', lastError: null, agent: running, update: { type: 'idle' }, ...over });

describe('notifications', () => {
  it.each<[string, NotifyState, NotifyState, string[]]>([
    ['going offline', state(), state({ phase: 'disconnected', lastError: 'connection refused' }), ['Island is offline: connection refused']],
    ['going offline while working', state({ phase: 'working' }), state({ phase: 'disconnected' }), ['Island is offline: The coordinator cannot be reached. The Island keeps trying.']],
    ['coming back', state({ phase: 'disconnected' }), state({ phase: 'online' }), ['Island is back online: Connected to the coordinator again.']],
    ['never connected yet', state({ phase: 'connecting' }), state({ phase: 'disconnected' }), []],
    ['first crash', state(), state({ agent: { type: 'waiting', retryAt: 1, exitCode: 1, fatal: null, restarts: 1 } }), ['Island stopped unexpectedly: It restarts by itself. The logs say why it stopped.']],
    ['a crash loop', state({ agent: { type: 'starting', restarts: 3 } }), state({ agent: { type: 'waiting', retryAt: 1, exitCode: 1, fatal: null, restarts: 4 } }), []],
    ['cannot start', state(), state({ agent: { type: 'waiting', retryAt: 1, exitCode: 1, fatal: 'config.toml:3: bad\nmore', restarts: 1 } }), ['Island cannot start: config.toml:3: bad']],
    ['update ready', state(), state({ update: { type: 'staged', version: '0.6.0', notes: 'Faster.\nMore.', critical: false } }), ['Island 0.6.0 is ready: It installs when no job is running. Faster.']],
    ['update refused', state(), state({ update: { type: 'refused', version: '0.6.0', reason: 'bad signature' } }), ['Update 0.6.0 was refused: bad signature']],
    ['same refusal again', state({ update: { type: 'refused', version: '0.6.0', reason: 'x' } }), state({ update: { type: 'refused', version: '0.6.0', reason: 'x' } }), []],
    ['nothing changed', state(), state(), []],
  ])('%s', (_name, prev, next, expected) => {
    expect(noticesFor(prev, next).map((n) => `${n.title}: ${n.body}`)).toEqual(expected);
  });

  it('shows nothing for the first state, or where the OS has no notifications', () => {
    const shown: Notice[] = [];
    const n = new Notifier((x) => shown.push(x), true);
    n.update(state({ phase: 'disconnected' }));
    expect(shown).toEqual([]);
    n.update(state({ phase: 'online' }));
    expect(shown).toHaveLength(1);
    const silent = new Notifier((x) => shown.push(x), false);
    silent.update(state());
    silent.update(state({ phase: 'disconnected' }));
    silent.notify({ title: 't', body: 'b' });
    expect(shown).toHaveLength(1);
  });
});
