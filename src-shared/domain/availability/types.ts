// The availability policy's vocabulary: the owner's rules, the sensor readings, the state the
// caller keeps between calls, and the one decision. All times are epoch milliseconds.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock minutes since local midnight: "18:30" → 1110; an end may be 1440 ("24:00"). */
export type WallMinute = number;

/**
 * One schedule window. `days` are the days it STARTS on; an `end` at or before `start` crosses
 * midnight into the next day (Sun 22:00–02:00 runs into Monday).
 */
export interface ScheduleWindow {
  readonly days: readonly Weekday[];
  readonly start: WallMinute;
  readonly end: WallMinute;
}

export type TimeZoneChoice = { readonly kind: 'system' } | { readonly kind: 'named'; readonly name: string };

export type ManualRule =
  | { readonly kind: 'online' }
  | { readonly kind: 'paused' }
  /** A pause that ends by itself. */
  | { readonly kind: 'paused_until'; readonly until: number };

/**
 * Windows are read on the wall clock of `timeZone`: the Island is available while the local clock
 * shows a time inside a window. So on a spring-forward day the skipped hour belongs to no window,
 * and on a fall-back day the repeated hour counts each time the clock shows it.
 */
export type ScheduleRule = { readonly kind: 'always' } | { readonly kind: 'windows'; readonly windows: readonly ScheduleWindow[] };

export type IdleRule = { readonly kind: 'off' } | { readonly kind: 'after'; readonly minutes: number };

export type GameRule =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly processes: readonly string[]; readonly pauseOnFullscreen: boolean };

/** Pause at or above `pauseAtC`; resume once strictly below `resumeBelowC` (< pauseAtC). */
export interface ThermalLimit {
  readonly pauseAtC: number;
  readonly resumeBelowC: number;
}

export interface ThermalRule {
  /** Applies to every offered GPU. */
  readonly gpu: ThermalLimit | null;
  readonly cpu: ThermalLimit | null;
}

/** Which GPUs are offered, by index ("0") or UUID ("GPU-…"); `except` wins over the rest. */
export type GpuSelection =
  | { readonly kind: 'all'; readonly except: readonly string[] }
  | { readonly kind: 'only'; readonly ids: readonly string[]; readonly except: readonly string[] };

export interface ResourceCaps {
  /** 100 = one CPU. */
  readonly cpuPercent: number | null;
  readonly memoryMb: number | null;
  readonly cacheDiskGb: number | null;
}

export type OnPause = 'finish' | 'cancel';

/** What the agent does to running work when the decision turns to "not available". */
export interface PauseBehaviour {
  readonly runningJobs: OnPause;
  readonly unloadModels: boolean;
}

export interface AvailabilityPolicy {
  readonly manual: ManualRule;
  readonly schedule: ScheduleRule;
  readonly timeZone: TimeZoneChoice;
  readonly idle: IdleRule;
  readonly game: GameRule;
  readonly thermal: ThermalRule;
  readonly gpus: GpuSelection;
  /** Watts to cap each offered GPU at while jobs run; null leaves the driver's limit alone. */
  readonly powerLimitW: number | null;
  readonly caps: ResourceCaps;
  readonly onPause: PauseBehaviour;
}

// ---- Readings: what the agent's sensors saw. Unknown is explicit, never a made-up value. ----

export type IdleReading =
  | { readonly kind: 'unknown' }
  /** OS idle time (whole seconds, as the OS reports it) and when it was read. */
  | { readonly kind: 'measured'; readonly idleSeconds: number; readonly sampledAt: number };

export type ProcessReading = { readonly kind: 'unknown' } | { readonly kind: 'listed'; readonly names: readonly string[] };

export interface GpuReading {
  readonly index: number;
  readonly uuid: string | null;
  readonly temperatureC: number | null;
}

export interface AvailabilityReadings {
  readonly idle: IdleReading;
  readonly processes: ProcessReading;
  /** Whether a full-screen app is in front; null when the platform cannot tell. */
  readonly fullscreen: boolean | null;
  /** Every GPU seen (offered or not); the policy picks the offered ones. */
  readonly gpus: readonly GpuReading[];
  readonly cpuTemperatureC: number | null;
}

// ---- State the caller keeps and passes back: the function itself remembers nothing. ----

export type ThermalSensor = { readonly kind: 'gpu'; readonly index: number } | { readonly kind: 'cpu' };

export type ThermalState =
  | { readonly kind: 'normal' }
  /** Every sensor that crossed its pause line and has not yet come back below its resume line. */
  | { readonly kind: 'tripped'; readonly sensors: readonly ThermalSensor[]; readonly since: number };

export type IdleState =
  | { readonly kind: 'unknown' }
  /** When the owner last touched the machine, as the idle readings add up. */
  | { readonly kind: 'tracking'; readonly lastInputAt: number };

export interface AvailabilityState {
  readonly thermal: ThermalState;
  readonly idle: IdleState;
}

// ---- The decision ----

/** Which rule decided, in precedence order (the first one that blocks wins). */
export const RULE_PRECEDENCE = ['manual', 'thermal', 'game', 'schedule', 'idle'] as const;
export type BlockingRule = (typeof RULE_PRECEDENCE)[number];
export type DecidingRule = BlockingRule | 'online';

export type AvailabilityReason =
  | { readonly code: 'online'; readonly text: string; readonly scheduleEndsAt: number | null; readonly idleForMs: number | null }
  | { readonly code: 'paused_by_owner'; readonly text: string }
  | { readonly code: 'paused_until'; readonly text: string; readonly until: number }
  | { readonly code: 'too_hot'; readonly text: string; readonly sensor: ThermalSensor; readonly temperatureC: number | null; readonly resumeBelowC: number }
  | { readonly code: 'game_running'; readonly text: string; readonly process: string }
  | { readonly code: 'fullscreen_app'; readonly text: string }
  | { readonly code: 'outside_schedule'; readonly text: string; readonly nextWindowAt: number | null }
  | { readonly code: 'owner_active'; readonly text: string; readonly idleForMs: number; readonly neededMs: number }
  | { readonly code: 'idle_unknown'; readonly text: string };

export type ReasonCode = AvailabilityReason['code'];

export interface AvailabilityDecision {
  readonly available: boolean;
  readonly reason: AvailabilityReason;
  readonly decidedBy: DecidingRule;
  /**
   * The earliest time at which the decision (available, reason code, deciding rule) may change by
   * time alone, readings unchanged: a pause ending, a window edge, the idle threshold. Null when
   * only new readings or a new policy can change it. The reason's text may tick before then.
   */
  readonly nextCheckAt: number | null;
  /** nextCheckAt - now, for a visible countdown; null with nextCheckAt. */
  readonly countdownMs: number | null;
  /** Keep it and pass it to the next call. */
  readonly state: AvailabilityState;
  readonly whilePaused: PauseBehaviour;
  /** Apply while jobs run; null when the policy sets none. */
  readonly powerLimitW: number | null;
}
