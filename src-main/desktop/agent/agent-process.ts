// The slice of Electron's UtilityProcess the supervisor uses, so tests can hand it a fake and
// never load Electron. main.ts adapts `utilityProcess.fork` to `ForkAgent`.

export interface AgentProcess {
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
  kill(): boolean;
}

/** Starts the agent's utility process with these extra environment variables. */
export type ForkAgent = (env: Record<string, string>) => AgentProcess;

/** Timers, injected so restart and drain timing can be tested with fake time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
