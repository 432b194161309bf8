// The agent's supervisor with a fake utility process and hand-moved time: restart after a crash
// with a delay doubling from 1 s to 60 s, back to 1 s after a stable minute, no restart while
// quitting, and the quit drain with its cap.
import { describe, expect, it } from 'vitest';
import { AgentSupervisor, type AgentState } from '../../../src-main/desktop/agent/agent-supervisor';
import { createTestLogger } from '../../helpers/test-logger';
import { fakeFork } from './fakes/fake-agent-process';
import { manualTimers } from './fakes/manual-timers';

const flush = () => new Promise((r) => setImmediate(r));

function setup(env: Record<string, string> = { HF_TOKEN: 'hf_x' }) {
  const timers = manualTimers();
  const forks = fakeFork();
  const log = createTestLogger();
  const sup = new AgentSupervisor({ fork: forks.fork, env: async () => env, log, timers });
  const states: AgentState[] = [];
  sup.onState((s) => states.push(s));
  return { sup, timers, forks, log, states };
}

/** Crash the running agent; returns the restart delay the supervisor chose. */
function crash(s: ReturnType<typeof setup>): number {
  s.forks.last().emit('exit', 1);
  const st = s.sup.state;
  if (st.type !== 'waiting') throw new Error(`expected waiting, got ${st.type}`);
  return st.retryAt - s.timers.now();
}

describe('AgentSupervisor', () => {
  it('starts the agent with the credentials in its environment and reports ready', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    expect(s.forks.procs).toHaveLength(1);
    expect(s.forks.last().env).toEqual({ HF_TOKEN: 'hf_x' });
    s.forks.last().start();
    expect(s.sup.state).toMatchObject({ type: 'running', ready: true, restarts: 0 });
  });

  it('restarts after a crash, doubling the delay from 1 s up to 60 s', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      s.forks.last().start();
      const delay = crash(s);
      delays.push(delay);
      await s.timers.advance(delay - 1);
      expect(s.forks.procs).toHaveLength(i + 1);
      await s.timers.advance(1);
      await flush();
      expect(s.forks.procs).toHaveLength(i + 2);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(s.log.filter({ msg: 'the agent exited unexpectedly' })).toHaveLength(8);
  });

  it('goes back to 1 s once a run has lasted a stable minute, and counts crashes afresh', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    s.forks.last().start();
    expect(crash(s)).toBe(1_000);
    await s.timers.advance(1_000);
    await flush();
    s.forks.last().start();
    expect(crash(s)).toBe(2_000);
    expect(s.sup.state).toMatchObject({ restarts: 2 });
    await s.timers.advance(2_000);
    await flush();
    s.forks.last().start();
    await s.timers.advance(60_000);
    expect(crash(s)).toBe(1_000);
    expect(s.sup.state).toMatchObject({ type: 'waiting', restarts: 1 });
  });

  it('a run shorter than a minute does not reset the delay', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    s.forks.last().start();
    crash(s);
    await s.timers.advance(1_000);
    await flush();
    s.forks.last().start();
    await s.timers.advance(59_999);
    expect(crash(s)).toBe(2_000);
  });

  it('keeps the agent account of a failed start for the tray', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    s.forks.last().emit('spawn');
    s.forks.last().emit('message', { type: 'fatal', message: 'config.toml:3: coordinator.nats_url: missing' });
    s.forks.last().emit('exit', 1);
    expect(s.sup.state).toMatchObject({ type: 'waiting', fatal: 'config.toml:3: coordinator.nats_url: missing', exitCode: 1 });
  });

  it('never restarts while the app quits', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    s.forks.last().start();
    crash(s);
    expect(await s.sup.drain()).toEqual({ type: 'not-running' });
    await s.timers.advance(10 * 60_000);
    await flush();
    expect(s.forks.procs).toHaveLength(1);
    expect(s.sup.state.type).toBe('exited');
    s.sup.start();
    await flush();
    expect(s.forks.procs).toHaveLength(1);
  });

  it('drains on quit: asks the agent, waits for its report, and does not restart it when it exits', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    const proc = s.forks.last().start();
    const draining = s.sup.drain();
    expect(s.sup.state.type).toBe('draining');
    expect(proc.posted).toEqual([{ type: 'drain' }]);
    await s.timers.advance(20_000);
    proc.emit('message', { type: 'drained', report: { finished: 2, aborted: [] } });
    proc.emit('exit', 0);
    expect(await draining).toEqual({ type: 'drained', report: { finished: 2, aborted: [] } });
    await s.timers.advance(120_000);
    await flush();
    expect(s.forks.procs).toHaveLength(1);
    expect(proc.killed).toBe(false);
    expect(s.sup.state.type).toBe('exited');
  });

  it('kills an agent that does not finish within its drain timeout plus 15 s', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    const proc = s.forks.last().start(10_000);
    let outcome: unknown = null;
    void s.sup.drain().then((o) => (outcome = o));
    await s.timers.advance(24_999);
    expect(outcome).toBeNull();
    expect(proc.killed).toBe(false);
    await s.timers.advance(1);
    await flush();
    expect(outcome).toEqual({ type: 'killed', afterMs: 25_000 });
    expect(proc.killed).toBe(true);
    proc.emit('exit', 137);
    await s.timers.advance(120_000);
    await flush();
    expect(s.forks.procs).toHaveLength(1);
  });

  it('reports an agent that exits during the drain without a report', async () => {
    const s = setup();
    s.sup.start();
    await flush();
    const proc = s.forks.last().start();
    const draining = s.sup.drain();
    proc.emit('exit', 3);
    expect(await draining).toEqual({ type: 'exited', code: 3 });
  });

  it('drops messages from the agent that do not fit the protocol', async () => {
    const s = setup();
    const seen: unknown[] = [];
    s.sup.onMessage((m) => seen.push(m));
    s.sup.start();
    await flush();
    const proc = s.forks.last();
    proc.emit('spawn');
    proc.emit('message', { type: 'response', client: 1, frame: { nope: true } });
    proc.emit('message', 'hello');
    expect(seen).toEqual([]);
    expect(s.log.filter({ level: 'warn', msg: 'does not fit the protocol' })).toHaveLength(2);
  });

  it('starts without credentials, loudly, when they cannot be read', async () => {
    const timers = manualTimers();
    const forks = fakeFork();
    const log = createTestLogger();
    const sup = new AgentSupervisor({ fork: forks.fork, env: () => Promise.reject(new Error('blob moved aside')), log, timers });
    sup.start();
    await flush();
    expect(forks.last().env).toEqual({});
    expect(log.has({ level: 'error', msg: 'could not read the stored credentials' })).toBe(true);
  });
});
