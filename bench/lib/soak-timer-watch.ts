// Every pending timer on this thread, ref'd or not. process.getActiveResourcesInfo() counts only
// the ref'd ones, yet a per-job unref'd timer that is never cleared (a lease renewal, a timeout
// guard) is exactly the leak a soak is for. Node keeps its timers in lists by duration
// (internal/timers' timerListMap); reading it needs `node --expose-internals`, which the soak
// passes. Costs one walk over the pending timers (tens) per sample.
import { createRequire } from 'node:module';

interface TimerNode {
  _idleNext: TimerNode | null;
}
interface InternalTimers {
  timerListMap: Record<string, TimerNode>;
}

let internals: InternalTimers | null | undefined;

function load(): InternalTimers | null {
  if (internals !== undefined) return internals;
  try {
    // A variable name, so a bundler leaves the require to run time.
    const name = 'internal/timers';
    internals = createRequire(import.meta.url)(name) as InternalTimers;
  } catch {
    internals = null;
  }
  return internals;
}

export interface PendingTimers {
  total: number;
  /** Pending timers by duration in ms: a leaking one shows as a count that keeps growing. */
  byDurationMs: Record<string, number>;
}

/** null when the process runs without --expose-internals. */
export function pendingTimers(): PendingTimers | null {
  const t = load();
  if (!t) return null;
  const byDurationMs: Record<string, number> = {};
  let total = 0;
  for (const [ms, list] of Object.entries(t.timerListMap)) {
    let n = 0;
    for (let node = list._idleNext; node && node !== list; node = node._idleNext) n += 1;
    if (n > 0) byDurationMs[ms] = n;
    total += n;
  }
  return { total, byDurationMs };
}
