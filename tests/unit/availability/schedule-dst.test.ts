// Schedules on the wall clock of real zones, across both DST transitions. Instants are written in
// UTC with the local time beside them, from the tz database's 2026 rules.
import { describe, expect, it } from 'vitest';
import { scheduleClock } from '../../../src-shared/domain/availability/schedule-clock';
import { zoneOffsetMs } from '../../../src-shared/domain/availability/zoned-time';
import type { ScheduleWindow } from '../../../src-shared/domain/availability';
import { at, iso, MIN, win } from './fixtures';

const zone = (name: string) => ({ kind: 'named', name }) as const;

/** Every flip from `from` on, `count` of them. */
function flips(windows: ScheduleWindow[], tz: string, from: string, count: number): string[] {
  const clock = scheduleClock(windows, zone(tz));
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    const next = clock.nextChange(t);
    if (next === null) break;
    out.push(`${iso(next)} ${clock.inside(next) ? 'in' : 'out'}`);
    t = next;
  }
  return out;
}

describe('the tz facts these tests rely on', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29T00:59:59Z', 60],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 120],
    ['America/New_York', '2026-11-01T05:59:59Z', -240],
    ['America/New_York', '2026-11-01T06:00:00Z', -300],
    ['Asia/Kolkata', '2026-06-01T00:00:00Z', 330],
    ['Australia/Lord_Howe', '2026-04-04T14:59:59Z', 660],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 630],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 660],
    ['UTC', '2026-06-01T00:00:00Z', 0],
  ])('%s at %s is UTC%+d min', (tz, instant, minutes) => {
    expect(zoneOffsetMs(at(instant), zone(tz))).toBe(minutes * MIN);
  });
});

describe('Europe/Berlin', () => {
  it('spring forward: Sun 01:00–03:00 lasts one real hour (02:00–03:00 never shows)', () => {
    // 01:00 CET = 00:00Z; the clock jumps 02:00 CET → 03:00 CEST at 01:00Z, which ends the window.
    expect(flips([win(['sun'], '01:00', '03:00')], 'Europe/Berlin', '2026-03-28T22:00:00Z', 2)).toEqual([
      '2026-03-29T00:00:00.000Z in',
      '2026-03-29T01:00:00.000Z out',
    ]);
  });

  it('spring forward: a window starting inside the skipped hour opens when the clock lands past its start', () => {
    expect(flips([win(['sun'], '02:30', '04:00')], 'Europe/Berlin', '2026-03-29T00:30:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z in', // 03:00 CEST, the first wall time ≥ 02:30
      '2026-03-29T02:00:00.000Z out', // 04:00 CEST
    ]);
  });

  it('spring forward: a window wholly inside the skipped hour does not happen that day', () => {
    expect(flips([win(['sun'], '02:15', '02:45')], 'Europe/Berlin', '2026-03-28T12:00:00Z', 1)).toEqual([
      '2026-04-05T00:15:00.000Z in', // the next Sunday, 02:15 CEST
    ]);
  });

  it('fall back: 02:30 shows twice, and the window opens each time the clock shows it', () => {
    // 02:30 CEST = 00:30Z; at 01:00Z 03:00 CEST becomes 02:00 CET; 02:30 CET = 01:30Z; 03:30 CET = 02:30Z.
    expect(flips([win(['sun'], '02:30', '03:30')], 'Europe/Berlin', '2026-10-24T23:00:00Z', 4)).toEqual([
      '2026-10-25T00:30:00.000Z in',
      '2026-10-25T01:00:00.000Z out',
      '2026-10-25T01:30:00.000Z in',
      '2026-10-25T02:30:00.000Z out',
    ]);
  });

  it('fall back: Sun 01:00–03:00 lasts three real hours without a break', () => {
    expect(flips([win(['sun'], '01:00', '03:00')], 'Europe/Berlin', '2026-10-24T22:00:00Z', 2)).toEqual([
      '2026-10-24T23:00:00.000Z in', // 01:00 CEST
      '2026-10-25T02:00:00.000Z out', // 03:00 CET
    ]);
  });
});

describe('America/New_York', () => {
  it('spring forward: Sun 01:00–03:00 is 06:00Z–07:00Z', () => {
    expect(flips([win(['sun'], '01:00', '03:00')], 'America/New_York', '2026-03-08T00:00:00Z', 2)).toEqual([
      '2026-03-08T06:00:00.000Z in',
      '2026-03-08T07:00:00.000Z out',
    ]);
  });

  it('fall back: 01:30–01:45 happens twice, an hour apart', () => {
    expect(flips([win(['sun'], '01:30', '01:45')], 'America/New_York', '2026-11-01T00:00:00Z', 4)).toEqual([
      '2026-11-01T05:30:00.000Z in', // EDT
      '2026-11-01T05:45:00.000Z out',
      '2026-11-01T06:30:00.000Z in', // EST
      '2026-11-01T06:45:00.000Z out',
    ]);
  });
});

describe('Australia/Lord_Howe (half-hour DST)', () => {
  it('DST end: 02:00 LHDT becomes 01:30 LHST, so 01:45–02:15 opens twice', () => {
    expect(flips([win(['sun'], '01:45', '02:15')], 'Australia/Lord_Howe', '2026-04-04T12:00:00Z', 4)).toEqual([
      '2026-04-04T14:45:00.000Z in', // 01:45 LHDT (+11)
      '2026-04-04T15:00:00.000Z out', // the clock goes back to 01:30
      '2026-04-04T15:15:00.000Z in', // 01:45 LHST (+10:30)
      '2026-04-04T15:45:00.000Z out', // 02:15 LHST
    ]);
  });

  it('DST start: 02:00 LHST becomes 02:30 LHDT, so 02:00–03:00 lasts half an hour', () => {
    expect(flips([win(['sun'], '02:00', '03:00')], 'Australia/Lord_Howe', '2026-10-03T12:00:00Z', 2)).toEqual([
      '2026-10-03T15:30:00.000Z in',
      '2026-10-03T16:00:00.000Z out',
    ]);
  });
});

describe('fixed-offset zones', () => {
  it('Asia/Kolkata: Mon 09:00–17:00 IST is 03:30Z–11:30Z', () => {
    expect(flips([win(['mon'], '09:00', '17:00')], 'Asia/Kolkata', '2026-03-01T12:00:00Z', 2)).toEqual([
      '2026-03-02T03:30:00.000Z in',
      '2026-03-02T11:30:00.000Z out',
    ]);
  });

  it('UTC: Sun 22:00–02:00 crosses midnight and the week end into Monday', () => {
    // 2026-03-01 is a Sunday.
    const clock = scheduleClock([win(['sun'], '22:00', '02:00')], zone('UTC'));
    expect(clock.inside(at('2026-03-01T21:59:59Z'))).toBe(false);
    expect(clock.inside(at('2026-03-01T22:00:00Z'))).toBe(true);
    expect(clock.inside(at('2026-03-02T01:59:59Z'))).toBe(true);
    expect(clock.inside(at('2026-03-02T02:00:00Z'))).toBe(false);
    expect(iso(clock.nextChange(at('2026-03-01T23:00:00Z')))).toBe('2026-03-02T02:00:00.000Z');
    expect(iso(clock.nextChange(at('2026-03-02T02:00:00Z')))).toBe('2026-03-08T22:00:00.000Z');
  });

  it('UTC: Sun 20:00–24:00 and Mon 00:00–02:00 are one stretch, with no flip at the week boundary', () => {
    const clock = scheduleClock([win(['sun'], '20:00', '24:00'), win(['mon'], '00:00', '02:00')], zone('UTC'));
    expect(iso(clock.nextChange(at('2026-03-01T21:00:00Z')))).toBe('2026-03-02T02:00:00.000Z');
  });

  it('a schedule that covers the whole week never changes', () => {
    const clock = scheduleClock([win(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '00:00', '24:00')], zone('Europe/Berlin'));
    expect(clock.inside(at('2026-03-29T01:30:00Z'))).toBe(true);
    expect(clock.nextChange(at('2026-03-29T01:30:00Z'))).toBeNull();
  });
});

describe('overlapping and touching windows merge', () => {
  it('Mon 18:00–20:00 and Mon 19:00–22:00 read as 18:00–22:00', () => {
    const clock = scheduleClock([win(['mon'], '18:00', '20:00'), win(['mon'], '19:00', '22:00')], zone('UTC'));
    expect(iso(clock.nextChange(at('2026-03-02T18:30:00Z')))).toBe('2026-03-02T22:00:00.000Z');
  });

  it('Mon 18:00–20:00 and Mon 20:00–22:00 read as 18:00–22:00', () => {
    const clock = scheduleClock([win(['mon'], '18:00', '20:00'), win(['mon'], '20:00', '22:00')], zone('UTC'));
    expect(iso(clock.nextChange(at('2026-03-02T18:30:00Z')))).toBe('2026-03-02T22:00:00.000Z');
  });

  it('a crossing-midnight window absorbs the next morning window it overlaps', () => {
    const clock = scheduleClock([win(['fri'], '22:00', '03:00'), win(['sat'], '01:00', '06:00')], zone('UTC'));
    // Fri 2026-03-06 23:00 → the merged stretch ends Sat 06:00.
    expect(iso(clock.nextChange(at('2026-03-06T23:00:00Z')))).toBe('2026-03-07T06:00:00.000Z');
  });
});
