// Where the wall clock of a zone stands in the schedule's week, and when "inside a window" next
// flips. Between two DST transitions the wall clock runs at the real clock's pace, so the next
// window edge is a subtraction; a transition in between moves the wall clock, so the search
// stops there and looks again with the new offset.
import { buildWeekWindows, insideWeek, msToNextChange } from './week-windows';
import type { WeekWindows } from './week-windows';
import { localMs, localWeekday, zoneOffsetMs } from './zoned-time';
import type { ScheduleWindow, TimeZoneChoice } from './types';

const DAY_MS = 86_400_000;
// No zone has had two offset changes within two days, so one offset check per step finds each.
const MAX_STEP_MS = 2 * DAY_MS;
// Each step moves at least to a DST transition or a window edge; two weeks of those is plenty.
const MAX_STEPS = 64;

export interface ScheduleClock {
  inside(instant: number): boolean;
  /** The first instant after `from` at which inside() differs from inside(from); null if never. */
  nextChange(from: number): number | null;
}

const cache = new WeakMap<readonly ScheduleWindow[], WeekWindows>();

function weekWindowsOf(windows: readonly ScheduleWindow[]): WeekWindows {
  let ww = cache.get(windows);
  if (!ww) {
    ww = buildWeekWindows(windows);
    cache.set(windows, ww);
  }
  return ww;
}

function weekPosition(instant: number, zone: TimeZoneChoice): number {
  const local = localMs(instant, zone);
  return localWeekday(local) * DAY_MS + (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The first instant in (from, to] whose offset differs from the offset at `from`. */
function findTransition(from: number, to: number, zone: TimeZoneChoice): number {
  const before = zoneOffsetMs(from, zone);
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zoneOffsetMs(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function scheduleClock(windows: readonly ScheduleWindow[], zone: TimeZoneChoice): ScheduleClock {
  const ww = weekWindowsOf(windows);
  const inside = (instant: number) => insideWeek(ww, weekPosition(instant, zone));
  return {
    inside,
    nextChange(from) {
      const start = inside(from);
      let t = from;
      for (let i = 0; i < MAX_STEPS; i++) {
        const toEdge = msToNextChange(ww, weekPosition(t, zone));
        if (toEdge === null) return null;
        const step = Math.min(toEdge, MAX_STEP_MS);
        const candidate = t + step;
        if (zoneOffsetMs(candidate, zone) !== zoneOffsetMs(t, zone)) {
          t = findTransition(t, candidate, zone);
        } else {
          t = candidate;
        }
        if (inside(t) !== start) return t;
      }
      return null;
    },
  };
}
