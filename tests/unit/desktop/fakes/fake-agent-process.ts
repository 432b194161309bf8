// A stand-in for Electron's UtilityProcess: records what main posts, and lets the test make it
// spawn, talk, and exit.
import type { AgentProcess, ForkAgent } from '../../../../src-main/desktop/agent/agent-process';

type Listener = (...args: never[]) => void;

export class FakeAgentProcess implements AgentProcess {
  readonly posted: unknown[] = [];
  killed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly env: Record<string, string>) {}

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  kill(): boolean {
    this.killed = true;
    return true;
  }

  emit(event: 'spawn'): void;
  emit(event: 'exit', code: number): void;
  emit(event: 'message', message: unknown): void;
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
  }

  /** Spawned and ready, as a healthy agent is. */
  start(drainTimeoutMs = 30_000): this {
    this.emit('spawn');
    this.emit('message', { type: 'ready', version: '0.5.0', hostId: 'host-1', drainTimeoutMs });
    return this;
  }
}

export function fakeFork(): { fork: ForkAgent; procs: FakeAgentProcess[]; last(): FakeAgentProcess } {
  const procs: FakeAgentProcess[] = [];
  return {
    fork: (env) => {
      const p = new FakeAgentProcess(env);
      procs.push(p);
      return p;
    },
    procs,
    last: () => {
      const p = procs.at(-1);
      if (!p) throw new Error('no agent process was started');
      return p;
    },
  };
}
