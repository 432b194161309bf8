// A clock whose timers run only when the test advances time, so a test can see every timer the
// controller arms (and prove it arms none it does not need).
import type { Clock, TimerHandle } from '../../../src-main/agent/availability/clock';

interface Timer extends TimerHandle {
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  constructor(public t: number) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { due: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((x) => x !== handle);
  }

  /** Due times of the timers armed now, soonest first. */
  pending(): number[] {
    return this.timers.map((x) => x.due).sort((a, b) => a - b);
  }

  /** Moves time on, running each timer at its due time (and the microtasks it starts). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due)[0];
      if (!next || next.due > end) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.due);
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
