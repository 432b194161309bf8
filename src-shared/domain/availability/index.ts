// The availability policy (issue 7): the owner's rules + sensor readings + the caller's small
// state → one decision (available or not, why, until when). Pure; the agent polls its sensors,
// calls decideAvailability, keeps `decision.state`, and calls again on new readings or at
// `decision.nextCheckAt`.
//
// Precedence (the first rule that blocks decides): manual pause > thermal > game > schedule >
// idle-only > online.
export type {
  AvailabilityDecision,
  AvailabilityPolicy,
  AvailabilityReadings,
  AvailabilityReason,
  AvailabilityState,
  BlockingRule,
  DecidingRule,
  GameRule,
  GpuReading,
  GpuSelection,
  IdleReading,
  IdleRule,
  IdleState,
  ManualRule,
  OnPause,
  PauseBehaviour,
  ProcessReading,
  ReasonCode,
  ResourceCaps,
  ScheduleRule,
  ScheduleWindow,
  ThermalLimit,
  ThermalRule,
  ThermalSensor,
  ThermalState,
  TimeZoneChoice,
  WallMinute,
  Weekday,
} from './types';
export { RULE_PRECEDENCE, WEEKDAYS } from './types';
export { decideAvailability, INITIAL_AVAILABILITY_STATE, UNKNOWN_READINGS } from './decide';
export { offeredGpus } from './gpus';
export { policyFromConfig } from './from-config';
export type { AvailabilityConfig, CacheLimits, WorkloadGpuConfig } from './from-config';
export { formatWallMinute, parseWallMinute } from './wall-minute';
export { isKnownTimeZone } from './zoned-time';
export { resourceCapProblems } from './resource-caps';
export type { CapProblem, MachineSize } from './resource-caps';
