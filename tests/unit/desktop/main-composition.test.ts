// main.ts booted for real against a fake `electron` module (the real one is never loaded): the
// app:// scheme is registered before ready, the agent is forked from dist/agent-utility.mjs, the
// tray starts idle and follows the agent's status, the dashboard IPC channel is guarded, and
// quitting drains the agent before the app goes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeAgentProcess } from './fakes/fake-agent-process';
import { FakeBrowserWindow, FakeTray, type createFakeElectron } from './fakes/fake-electron';
import { statusView } from './fakes/status';

const dirs = vi.hoisted(() => ({ appPath: '', userData: '' }));
const electron = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fakes/fake-electron');
  electron.current = createFakeElectron(dirs);
  return electron.current.module;
});

const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
const savedXdg = process.env.XDG_CONFIG_HOME;

let fake: NonNullable<typeof electron.current>;
let agent: FakeAgentProcess;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'island-main-'));
  dirs.appPath = path.join(root, 'app');
  dirs.userData = path.join(root, 'userData');
  process.env.XDG_CONFIG_HOME = path.join(root, 'config');
  await import('../../../src-main/desktop/main');
  fake = electron.current!;
  await flush(20);
  agent = fake.forks[0]!.proc;
});
afterAll(() => {
  if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = savedXdg;
});

const tray = () => FakeTray.all[0]!;
/** Idle-time reports go to the agent every 10 s; most tests look past them. */
const notIdle = (m: unknown) => (m as { type?: string }).type !== 'idle';

describe('main.ts with a fake Electron', () => {
  it('registers app:// as a privileged scheme and serves the dashboard through it', () => {
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.protocols).toEqual(['app']);
  });

  it('forks the agent from dist/agent-utility.mjs in a utility process', () => {
    expect(fake.forks).toHaveLength(1);
    expect(fake.forks[0]!.modulePath).toBe(path.join(dirs.appPath, 'dist', 'agent-utility.mjs'));
    expect(fake.forks[0]!.options).toMatchObject({ serviceName: 'Island agent' });
  });

  it('shows the tray as starting, with the idle icon', () => {
    expect(tray().images.at(-1)).toBe(path.join(dirs.appPath, 'resources', 'tray', 'linux', 'idle.png'));
    expect(tray().menu[0]?.label).toBe('Starting…');
  });

  it('opens the sandboxed dashboard window on a normal start', () => {
    const win = FakeBrowserWindow.all[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: expect.stringMatching(/preload\.cjs$/) });
    expect(win.loaded).toEqual(['app://island/index.html']);
  });

  it('asks the ready agent for its status and shows it in the tray', async () => {
    agent.start();
    await flush();
    const request = agent.posted.find((m) => (m as { frame?: { method?: string } }).frame?.method === 'status.get') as { client: number; frame: { id: number } };
    expect(request.client).toBe(0);
    agent.emit('message', { type: 'response', client: 0, frame: { kind: 'response', id: request.frame.id, ok: true, result: statusView({ phase: 'online' }) } });
    await flush();
    expect(tray().images.at(-1)).toMatch(/linux[/\\]available\.png$/);
    expect(tray().menu[0]?.label).toBe('Online, waiting for jobs');
    agent.emit('message', { type: 'event', frame: { kind: 'event', event: { type: 'status', status: statusView({ phase: 'working', jobs: 2 }) } } });
    await flush();
    expect(tray().menu[0]?.label).toBe('Running 2 jobs');
  });

  it('forwards a request from the dashboard window through the guard, and drops a foreign one', async () => {
    const onRequest = fake.ipcListeners.get('island:request')!;
    const before = agent.posted.length;
    onRequest({ sender: { id: 11 }, senderFrame: { url: 'app://island/index.html', parent: null } }, { kind: 'request', id: 1, method: 'karma.get', params: {} });
    onRequest({ sender: { id: 99 }, senderFrame: { url: 'app://island/index.html', parent: null } }, { kind: 'request', id: 2, method: 'karma.get', params: {} });
    expect(agent.posted.slice(before).filter(notIdle)).toEqual([{ type: 'request', client: 11, frame: { kind: 'request', id: 1, method: 'karma.get', params: {} } }]);
  });

  it("tells the ready agent the OS idle time, and shows the agent's alerts as notifications", async () => {
    expect(agent.posted.find((m) => !notIdle(m))).toEqual({ type: 'idle', seconds: 0 });
    const alert = { kind: 'failed-streak', severity: 'warning', title: 'Jobs are failing', message: '3 jobs in a row failed', at: 1 };
    agent.emit('message', { type: 'event', frame: { kind: 'event', event: { type: 'alert', alert } } });
    await flush();
    expect(fake.notifications).toContainEqual({ title: 'Jobs are failing', body: '3 jobs in a row failed' });
  });

  it('pauses from the tray menu through the agent API', () => {
    tray().menu.find((m) => m.label === 'Pause')!.click!();
    expect(agent.posted.filter(notIdle).at(-1)).toMatchObject({ type: 'request', client: 0, frame: { method: 'availability.set', params: { mode: 'paused' } } });
  });

  it('drains the agent before quitting, showing it in the tray', async () => {
    fake.app.quit();
    await flush();
    expect(agent.posted.filter(notIdle).at(-1)).toEqual({ type: 'drain' });
    expect(tray().menu[0]?.label).toBe('Finishing 2 jobs…');
    expect(fake.app.quits).toBe(1);
    agent.emit('message', { type: 'drained', report: { finished: 2, aborted: [] } });
    agent.emit('exit', 0);
    await flush();
    expect(fake.app.quits).toBe(2);
    expect(fake.forks).toHaveLength(1);
  });
});
