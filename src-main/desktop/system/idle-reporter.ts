// Tells the agent how long the owner has left the computer alone (Electron's
// powerMonitor.getSystemIdleTime()), every 10 s while the agent runs: idle-only mode starts work
// after N quiet minutes and stops when the owner is back. Only the desktop can know this.
import type { Timers } from '../agent/agent-process';
import type { MainToAgent } from '../../agent/utility/port-messages';

export interface IdleReporterOptions {
  idleSeconds: () => number;
  /** Sends to the agent; false when it is not running (nothing is queued). */
  send: (message: MainToAgent) => boolean;
  timers: Timers;
  everyMs?: number;
}

export class IdleReporter {
  private timer: unknown = null;

  constructor(private readonly o: IdleReporterOptions) {}

  start(): void {
    this.stop();
    const tick = () => {
      this.o.send({ type: 'idle', seconds: this.o.idleSeconds() });
      this.timer = this.o.timers.setTimeout(tick, this.o.everyMs ?? 10_000);
    };
    tick();
  }

  stop(): void {
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
