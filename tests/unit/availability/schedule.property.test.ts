// The schedule against an independent oracle: a window holds when Intl's own weekday and
// hour:minute for the zone fall inside it, checked window by window with no merging. Windows sit
// on a 15-minute grid and every zone here shifts by multiples of 15 minutes at 15-minute UTC
// boundaries, so stepping 15 minutes at a time visits every instant where anything can flip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleClock } from '../../../src-shared/domain/availability/schedule-clock';
import { WEEKDAYS } from '../../../src-shared/domain/availability';
import { gridInstantArb as instantArb, STEP, windowArb, ZONES } from './arbitraries';
import type { ScheduleWindow, Weekday } from '../../../src-shared/domain/availability';
import { MIN } from './fixtures';

const oracleFormats = new Map<string, Intl.DateTimeFormat>();
function oracleInside(windows: readonly ScheduleWindow[], tz: string, instant: number): boolean {
  let f = oracleFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    oracleFormats.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const day = (parts.weekday ?? '').toLowerCase() as Weekday;
  const prev = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  const m = Number(parts.hour) * 60 + Number(parts.minute);
  return windows.some((w) =>
    w.end > w.start
      ? w.days.includes(day) && m >= w.start && m < w.end
      : (w.days.includes(day) && m >= w.start) || (w.days.includes(prev) && m < w.end),
  );
}

describe('schedule clock (property)', () => {
  it('inside() agrees with the oracle, and nextChange() is the first flip the oracle sees', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...ZONES), instantArb, (windows, tz, from) => {
        const clock = scheduleClock(windows, { kind: 'named', name: tz });
        const startInside = oracleInside(windows, tz, from);
        expect(clock.inside(from)).toBe(startInside);
        const next = clock.nextChange(from);
        // A schedule flips at least once a week unless it covers all or nothing of it.
        const limit = next ?? from + 8 * 24 * 60 * MIN;
        for (let t = from + STEP; t < limit; t += STEP) expect(oracleInside(windows, tz, t), new Date(t).toISOString()).toBe(startInside);
        if (next !== null) {
          expect(next % STEP).toBe(0);
          expect(oracleInside(windows, tz, next)).toBe(!startInside);
        }
      }),
      { numRuns: 300 },
    );
  });
});
