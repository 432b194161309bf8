// Wall-clock time in an IANA zone (or the system's) through Intl.DateTimeFormat alone: the one
// source of time-zone rules that exists in every runtime the Island has (Node, Electron, Chromium).
import type { TimeZoneChoice } from './types';

const DAY_MS = 86_400_000;
const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

// Building a formatter costs far more than using one, and the policy asks several times a call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: TimeZoneChoice): Intl.DateTimeFormat {
  const key = zone.kind === 'named' ? zone.name : '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone.kind === 'named' ? zone.name : undefined,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(key, f);
  }
  return f;
}

export function isKnownTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Local time minus UTC at `instant`, in ms (Berlin in summer: +7 200 000). */
export function zoneOffsetMs(instant: number, zone: TimeZoneChoice): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - wholeSecond;
}

/** The local wall clock written as if it were UTC: the instant plus the zone's offset then. */
export function localMs(instant: number, zone: TimeZoneChoice): number {
  return instant + zoneOffsetMs(instant, zone);
}

/** Monday = 0 … Sunday = 6, for a value from localMs. */
export function localWeekday(local: number): number {
  return (new Date(local).getUTCDay() + 6) % 7;
}

function hhmm(local: number): string {
  const d = new Date(local);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * "14:30" when `instant` falls on the same local day as `now`, else "Tue 14:30", and with the date
 * ("Tue 3 Dec 14:30") when it is a week or more away, so a text never names the wrong Tuesday.
 */
export function formatLocalTime(instant: number, now: number, zone: TimeZoneChoice): string {
  const local = localMs(instant, zone);
  const localNow = localMs(now, zone);
  const day = Math.floor(local / DAY_MS);
  const today = Math.floor(localNow / DAY_MS);
  if (day === today) return hhmm(local);
  const weekday = SHORT_DAYS[localWeekday(local)] ?? '';
  if (day - today < 7) return `${weekday} ${hhmm(local)}`;
  const d = new Date(local);
  const month = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(d);
  return `${weekday} ${d.getUTCDate()} ${month} ${hhmm(local)}`;
}
