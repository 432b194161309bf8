// Timers whose time only moves when the test says so (the desktop's injected Timers interface),
// for waits of minutes that must not take minutes. Unlike vi.useFakeTimers it leaves the real
// timers alone, so real sockets and servers keep working in the same test.
import type { Timers } from '../../../../src-main/desktop/agent/agent-process';

export interface ManualTimers extends Timers {
  /** Moves time forward, running every timer that falls due, in order (including ones they set). */
  advance(ms: number): Promise<void>;
  readonly pending: number;
}

export function manualTimers(start = Date.UTC(2026, 0, 1)): ManualTimers {
  let now = start;
  let nextId = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      queue.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
    get pending() {
      return queue.size;
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | null = null;
        for (const entry of queue) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        // Let promise chains the timer started settle before the next one fires.
        await new Promise((r) => setImmediate(r));
      }
      now = until;
    },
  };
}
