// The coordinator reads time only through a Clock, so tests can make hours pass in a line
// (karma minutes, lease expiry, offline detection, 5-minute market snapshots) without waiting.
// Periodic work still runs on a real timer; it asks the clock what time it is.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  advance(ms: number): number;
  set(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => (t += ms),
    set: (ms) => {
      t = ms;
    },
  };
}
