// Schedule windows as one set of wall-clock intervals over the week (Monday 00:00 = 0), merged,
// with the points where "inside" flips. Windows that cross midnight, or Sunday into Monday, wrap.
import { WEEKDAYS } from './types';
import type { ScheduleWindow } from './types';

const MINUTE_MS = 60_000;
export const WEEK_MS = 7 * 1440 * MINUTE_MS;

export interface WeekWindows {
  /** Sorted, disjoint, non-touching [start, end) in ms of the week, none wrapping. */
  readonly intervals: readonly (readonly [number, number])[];
  /** Sorted points (ms of the week) where inside/outside flips; empty when it never does. */
  readonly changes: readonly number[];
}

export function buildWeekWindows(windows: readonly ScheduleWindow[]): WeekWindows {
  const raw: [number, number][] = [];
  for (const w of windows) {
    const length = (w.end > w.start ? w.end - w.start : w.end + 1440 - w.start) * MINUTE_MS;
    for (const day of new Set(w.days)) {
      const start = (WEEKDAYS.indexOf(day) * 1440 + w.start) * MINUTE_MS;
      const end = start + length;
      if (end <= WEEK_MS) raw.push([start, end]);
      else raw.push([start, WEEK_MS], [0, end - WEEK_MS]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const intervals: [number, number][] = [];
  for (const [s, e] of raw) {
    const last = intervals[intervals.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else intervals.push([s, e]);
  }
  const points = new Set<number>();
  for (const [s, e] of intervals) points.add(s).add(e % WEEK_MS);
  const ww: WeekWindows = { intervals, changes: [] };
  // Sunday 24:00 and Monday 00:00 are one point; when both sides are inside nothing flips there.
  const changes = [...points].filter((p) => insideWeek(ww, p) !== insideWeek(ww, p - 1)).sort((a, b) => a - b);
  return { intervals, changes };
}

export function insideWeek(ww: Pick<WeekWindows, 'intervals'>, position: number): boolean {
  const p = ((position % WEEK_MS) + WEEK_MS) % WEEK_MS;
  return ww.intervals.some(([s, e]) => p >= s && p < e);
}

/** ms from `position` to the next flip strictly after it (wrapping the week); null if none. */
export function msToNextChange(ww: WeekWindows, position: number): number | null {
  if (ww.changes.length === 0) return null;
  const p = ((position % WEEK_MS) + WEEK_MS) % WEEK_MS;
  const next = ww.changes.find((c) => c > p);
  return next !== undefined ? next - p : (ww.changes[0] ?? 0) + WEEK_MS - p;
}
