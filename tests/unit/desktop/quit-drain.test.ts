// Quit drains first: the real QuitController and AgentSupervisor with a fake agent process. The
// app exits only after the agent reports its drain (or after the cap), the tray shows
// "Finishing N jobs…" meanwhile, and Electron's before-quit is held until then.
import { describe, expect, it } from 'vitest';
import { AgentSupervisor } from '../../../src-main/desktop/agent/agent-supervisor';
import { QuitController } from '../../../src-main/desktop/app/quit-controller';
import { trayView } from '../../../src-main/desktop/tray/tray-view';
import { createTestLogger } from '../../helpers/test-logger';
import { fakeFork } from './fakes/fake-agent-process';
import { manualTimers } from './fakes/manual-timers';
import { statusView } from './fakes/status';

const flush = () => new Promise((r) => setImmediate(r));

async function setup(drainTimeoutMs = 30_000) {
  const timers = manualTimers();
  const forks = fakeFork();
  const log = createTestLogger();
  const sup = new AgentSupervisor({ fork: forks.fork, env: async () => ({}), log, timers });
  sup.start();
  await flush();
  const proc = forks.last().start(drainTimeoutMs);
  let jobs = 2;
  const events: string[] = [];
  const quit = new QuitController({
    drain: () => sup.drain(),
    activeJobs: () => jobs,
    onDraining: (n) => events.push(`draining:${n}`),
    beforeExit: () => events.push('before-exit'),
    exit: () => events.push('exit'),
    log,
  });
  const tray = () =>
    trayView({
      agent: sup.state,
      status: statusView({ phase: quit.state === 'running' ? 'working' : 'stopping', jobs }),
      quit: quit.state === 'running' ? { type: 'running' } : { type: 'draining', activeJobs: jobs },
      update: { type: 'idle' },
      launchAtLogin: false,
      now: timers.now(),
    });
  return { timers, forks, proc, sup, quit, events, tray, log, setJobs: (n: number) => (jobs = n) };
}

describe('Quit drains the agent first', () => {
  it('waits for the agent to finish its jobs, showing it in the tray, then exits', async () => {
    const s = await setup();
    expect(s.tray().menu.at(-1)).toMatchObject({ label: 'Quit (finishes 2 running jobs first)', enabled: true });
    const quitting = s.quit.quit();
    expect(s.proc.posted).toEqual([{ type: 'drain' }]);
    expect(s.events).toEqual(['draining:2']);
    expect(s.tray().icon).toBe('working');
    expect(s.tray().menu[0]).toEqual({ type: 'label', label: 'Finishing 2 jobs…' });
    s.setJobs(1);
    await s.timers.advance(10_000);
    expect(s.tray().menu[0]).toEqual({ type: 'label', label: 'Finishing 1 job…' });
    expect(s.events).not.toContain('exit');
    s.setJobs(0);
    s.proc.emit('message', { type: 'drained', report: { finished: 2, aborted: [] } });
    await quitting;
    expect(s.events).toEqual(['draining:2', 'before-exit', 'exit']);
    expect(s.log.has({ msg: 'agent drained', fields: { finished_jobs: 2, aborted_jobs: 0 } })).toBe(true);
  });

  it('exits at the cap when the agent does not finish: its drain timeout plus 15 s', async () => {
    const s = await setup(20_000);
    let done = false;
    void s.quit.quit().then(() => (done = true));
    await s.timers.advance(34_999);
    await flush();
    expect(done).toBe(false);
    await s.timers.advance(1);
    await flush();
    expect(done).toBe(true);
    expect(s.proc.killed).toBe(true);
    expect(s.events.at(-1)).toBe('exit');
    expect(s.log.has({ level: 'warn', msg: 'the agent was stopped after 35 s without finishing its drain' })).toBe(true);
  });

  it('holds Electron’s before-quit until drained, then lets it through; a second Quit does not drain twice', async () => {
    const s = await setup();
    const first = { prevented: 0, preventDefault() {
      this.prevented++;
    } };
    s.quit.onBeforeQuit(first);
    s.quit.onBeforeQuit(first);
    expect(first.prevented).toBe(2);
    expect(s.proc.posted).toEqual([{ type: 'drain' }]);
    s.proc.emit('message', { type: 'drained', report: { finished: 0, aborted: ['j1'] } });
    await flush();
    await flush();
    expect(s.quit.state).toBe('done');
    const later = { prevented: 0, preventDefault() {
      this.prevented++;
    } };
    s.quit.onBeforeQuit(later);
    expect(later.prevented).toBe(0);
    expect(s.events.filter((e) => e === 'exit')).toHaveLength(1);
  });

  it('drains without exiting for an update, then lets the updater quit the app', async () => {
    const s = await setup();
    const draining = s.quit.drainOnly();
    s.proc.emit('message', { type: 'drained', report: { finished: 2, aborted: [] } });
    expect(await draining).toEqual({ type: 'drained', report: { finished: 2, aborted: [] } });
    expect(s.events).toEqual(['draining:2']);
    s.quit.release();
    const e = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    s.quit.onBeforeQuit(e);
    expect(e.prevented).toBe(false);
  });
});
