// Keeps the agent's utility process alive: starts it, restarts it after a crash with a growing
// delay (1 s doubling to 60 s; back to 1 s once a run has lasted a stable minute), and never
// restarts it while the app quits. Quitting asks the agent to drain and waits for its report, up
// to a cap, then kills it. A crash in the agent (a native addon's abort, say) never takes main
// and its tray down: main only sees an `exit`.
import { Backoff } from '../../../src-shared/domain/backoff';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import { decodeAgentToMain, type AgentToMain, type DrainReport, type MainToAgent } from '../../agent/utility/port-messages';
import type { AgentProcess, ForkAgent, Timers } from './agent-process';

export type AgentState =
  | { type: 'stopped' }
  | { type: 'starting'; restarts: number }
  | { type: 'running'; since: number; ready: boolean; restarts: number }
  /** Exited unexpectedly; the next start is scheduled. `fatal` is the agent's own account, if it gave one. */
  /** `restarts` counts the crashes since the last stable run (a minute up resets it). */
  | { type: 'waiting'; retryAt: number; exitCode: number | null; fatal: string | null; restarts: number }
  | { type: 'draining'; since: number }
  | { type: 'exited' };

export type DrainOutcome =
  | { type: 'drained'; report: DrainReport }
  /** It was not running (crashed and waiting, or never started). */
  | { type: 'not-running' }
  /** It exited during the drain without a report. */
  | { type: 'exited'; code: number }
  /** It did not finish within the cap and was killed. */
  | { type: 'killed'; afterMs: number };

export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  /** A run this long resets the delay to `initialMs`. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 1_000, maxMs: 60_000, stableMs: 60_000 };

/** Used until the agent says its own drain timeout (in `ready`): its default 30 s plus closing time. */
const DEFAULT_DRAIN_CAP_MS = 45_000;
/** Beyond the agent's drain timeout: closing NATS, runtimes and the ledger. */
const DRAIN_GRACE_MS = 15_000;

export interface AgentSupervisorOptions {
  fork: ForkAgent;
  /** Extra environment for each start (credentials are decrypted fresh for each fork). */
  env: () => Promise<Record<string, string>>;
  log: Logger;
  timers: Timers;
  policy?: RestartPolicy;
}

export class AgentSupervisor {
  private proc: AgentProcess | null = null;
  private current: AgentState = { type: 'stopped' };
  private quitting = false;
  private restarts = 0;
  private drainCapMs = DEFAULT_DRAIN_CAP_MS;
  private retryTimer: unknown = null;
  private stableTimer: unknown = null;
  private lastFatal: string | null = null;
  private readonly backoff: Backoff;
  private readonly policy: RestartPolicy;
  private readonly messageListeners = new Set<(m: AgentToMain) => void>();
  private readonly stateListeners = new Set<(s: AgentState) => void>();
  private onDrainMessage: ((m: AgentToMain) => void) | null = null;
  private onDrainExit: ((code: number) => void) | null = null;

  constructor(private readonly opts: AgentSupervisorOptions) {
    this.policy = opts.policy ?? DEFAULT_RESTART_POLICY;
    // No jitter: one process, nobody to fall into lockstep with.
    this.backoff = new Backoff({ initialMs: this.policy.initialMs, maxMs: this.policy.maxMs, jitter: [1, 1] });
  }

  get state(): AgentState {
    return this.current;
  }

  onMessage(fn: (m: AgentToMain) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  onState(fn: (s: AgentState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  start(): void {
    if (this.quitting || this.proc) return;
    void this.spawn();
  }

  /** Sends to the agent; false when it is not running (the caller answers its client). */
  send(message: MainToAgent): boolean {
    if (!this.proc || this.current.type !== 'running') return false;
    try {
      this.proc.postMessage(message);
      return true;
    } catch (err) {
      this.opts.log.warn('could not send to the agent', { error: errorMessage(err) });
      return false;
    }
  }

  /** Quit: no more restarts; the agent drains (finishing or reporting its jobs) within the cap. */
  drain(): Promise<DrainOutcome> {
    this.quitting = true;
    this.clearTimer('retryTimer');
    this.clearTimer('stableTimer');
    const proc = this.proc;
    if (!proc || this.current.type !== 'running') {
      if (proc) proc.kill();
      this.proc = null;
      this.setState({ type: 'exited' });
      return Promise.resolve({ type: 'not-running' });
    }
    const started = this.opts.timers.now();
    const cap = this.drainCapMs;
    this.setState({ type: 'draining', since: started });
    return new Promise<DrainOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: DrainOutcome) => {
        if (settled) return;
        settled = true;
        this.opts.timers.clearTimeout(capTimer);
        this.onDrainMessage = null;
        this.onDrainExit = null;
        this.setState({ type: 'exited' });
        resolve(outcome);
      };
      const capTimer = this.opts.timers.setTimeout(() => {
        this.opts.log.warn(`the agent did not finish draining within ${Math.round(cap / 1000)} s; stopping it`);
        proc.kill();
        this.proc = null;
        finish({ type: 'killed', afterMs: cap });
      }, cap);
      this.onDrainMessage = (m) => {
        if (m.type === 'drained') finish({ type: 'drained', report: m.report });
      };
      this.onDrainExit = (code) => finish({ type: 'exited', code });
      proc.postMessage({ type: 'drain' } satisfies MainToAgent);
    });
  }

  private async spawn(): Promise<void> {
    this.setState({ type: 'starting', restarts: this.restarts });
    let env: Record<string, string>;
    try {
      env = await this.opts.env();
    } catch (err) {
      // Credentials that cannot be read must not keep the Island down: start without them, loudly.
      this.opts.log.error('could not read the stored credentials; starting the agent without them', { error: errorMessage(err) });
      env = {};
    }
    if (this.quitting) return;
    let proc: AgentProcess;
    try {
      proc = this.opts.fork(env);
    } catch (err) {
      this.opts.log.error('could not start the agent process', { error: errorMessage(err) });
      this.scheduleRestart(null);
      return;
    }
    this.proc = proc;
    this.lastFatal = null;
    proc.on('spawn', () => {
      if (this.proc !== proc) return;
      this.setState({ type: 'running', since: this.opts.timers.now(), ready: false, restarts: this.restarts });
      this.stableTimer = this.opts.timers.setTimeout(() => {
        this.stableTimer = null;
        this.backoff.reset();
        this.restarts = 0;
      }, this.policy.stableMs);
    });
    proc.on('message', (raw) => this.receive(proc, raw));
    proc.on('exit', (code) => this.exited(proc, code));
  }

  private receive(proc: AgentProcess, raw: unknown): void {
    if (this.proc !== proc && this.current.type !== 'draining') return;
    const decoded = decodeAgentToMain(raw);
    if (!decoded.ok) {
      this.opts.log.warn('dropped a message from the agent that does not fit the protocol', { error: decoded.error });
      return;
    }
    const m = decoded.value;
    if (m.type === 'ready') {
      this.drainCapMs = m.drainTimeoutMs + DRAIN_GRACE_MS;
      if (this.current.type === 'running') this.setState({ ...this.current, ready: true });
      this.opts.log.info('agent ready', { version: m.version, host_id: m.hostId });
    } else if (m.type === 'fatal') {
      this.lastFatal = m.message;
      this.opts.log.error('the agent could not start', { error: m.message });
    }
    this.onDrainMessage?.(m);
    for (const fn of this.messageListeners) fn(m);
  }

  private exited(proc: AgentProcess, code: number): void {
    if (this.onDrainExit && (this.proc === proc || this.proc === null)) {
      this.proc = null;
      this.onDrainExit(code);
      return;
    }
    if (this.proc !== proc) return;
    this.proc = null;
    this.clearTimer('stableTimer');
    if (this.quitting) {
      this.setState({ type: 'exited' });
      return;
    }
    this.opts.log.warn('the agent exited unexpectedly', { code, fatal: this.lastFatal ?? undefined });
    this.scheduleRestart(code);
  }

  private scheduleRestart(code: number | null): void {
    const delay = this.backoff.next();
    this.restarts += 1;
    this.setState({ type: 'waiting', retryAt: this.opts.timers.now() + delay, exitCode: code, fatal: this.lastFatal, restarts: this.restarts });
    this.retryTimer = this.opts.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.quitting) void this.spawn();
    }, delay);
  }

  private clearTimer(which: 'retryTimer' | 'stableTimer'): void {
    if (this[which] !== null) this.opts.timers.clearTimeout(this[which]);
    this[which] = null;
  }

  private setState(s: AgentState): void {
    this.current = s;
    for (const fn of this.stateListeners) {
      try {
        fn(s);
      } catch (err) {
        this.opts.log.error('agent state listener failed', { error: errorMessage(err) });
      }
    }
  }
}
