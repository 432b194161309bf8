// A policy with every rule off and readings that know nothing, to be overridden one rule at a time.
import { UNKNOWN_READINGS } from '../../../src-shared/domain/availability';
import type { AvailabilityPolicy, AvailabilityReadings, ScheduleWindow, Weekday } from '../../../src-shared/domain/availability';
import { parseWallMinute } from '../../../src-shared/domain/availability/wall-minute';

export function policy(overrides: Partial<AvailabilityPolicy> = {}): AvailabilityPolicy {
  return {
    manual: { kind: 'online' },
    schedule: { kind: 'always' },
    timeZone: { kind: 'named', name: 'UTC' },
    idle: { kind: 'off' },
    game: { kind: 'off' },
    thermal: { gpu: null, cpu: null },
    gpus: { kind: 'all', except: [] },
    powerLimitW: null,
    caps: { cpuPercent: null, memoryMb: null, cacheDiskGb: null },
    onPause: { runningJobs: 'finish', unloadModels: false },
    ...overrides,
  };
}

export function readings(overrides: Partial<AvailabilityReadings> = {}): AvailabilityReadings {
  return { ...UNKNOWN_READINGS, ...overrides };
}

/** `win(['mon'], '18:00', '23:30')` */
export function win(days: Weekday[], start: string, end: string): ScheduleWindow {
  const s = parseWallMinute(start);
  const e = parseWallMinute(end, true);
  if (s === null || e === null) throw new Error(`bad test window ${start}-${end}`);
  return { days, start: s, end: e };
}

export function schedulePolicy(zone: string, windows: ScheduleWindow[], overrides: Partial<AvailabilityPolicy> = {}): AvailabilityPolicy {
  return policy({ schedule: { kind: 'windows', windows }, timeZone: { kind: 'named', name: zone }, ...overrides });
}

export const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${iso}`);
  return t;
};
export const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
export const MIN = 60_000;
