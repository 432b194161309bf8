// fast-check generators shared by the property tests.
import fc from 'fast-check';
import { WEEKDAYS } from '../../../src-shared/domain/availability';
import type { ScheduleWindow } from '../../../src-shared/domain/availability';
import { MIN } from './fixtures';

export const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;
/** Every zone above shifts by multiples of 15 minutes, at 15-minute UTC boundaries. */
export const STEP = 15 * MIN;

/** 2026's DST changes in those zones (New York, Berlin, Lord Howe; both ways). */
export const TRANSITIONS = [
  '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z',
].map(Date.parse);

const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2026-12-31T00:00:00Z');

const quarter = (max: number) => fc.integer({ min: 0, max: max / 15 }).map((q) => q * 15);

export const windowArb: fc.Arbitrary<ScheduleWindow> = fc
  .record({ days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }), start: quarter(1425), end: quarter(1440) })
  .filter((w) => w.start !== w.end);

/** On the 15-minute grid; half of them within a day before a DST change, which random dates seldom hit. */
export const gridInstantArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: START / STEP, max: END / STEP }).map((q) => q * STEP),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -96, max: 4 })).map(([t, q]) => Math.floor(t / STEP) * STEP + q * STEP),
);

/** Anywhere, to the millisecond, half of them near a DST change. */
export const instantArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: START, max: END }),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2 * 86_400_000, max: 3_600_000 })).map(([t, d]) => t + d),
);
