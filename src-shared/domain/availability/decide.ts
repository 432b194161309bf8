// The one decision. Every rule is evaluated on every call (so that the thermal and idle state
// keep up even while another rule decides); the first blocking rule in RULE_PRECEDENCE wins.
import { offeredGpus } from './gpus';
import { evaluateGame } from './rules/game';
import { evaluateIdle, idleForMs, trackIdle } from './rules/idle';
import { evaluateManual } from './rules/manual';
import type { RuleOutcome } from './rules/rule-outcome';
import { evaluateSchedule } from './rules/schedule';
import { evaluateThermal } from './rules/thermal';
import { formatLocalTime } from './zoned-time';
import type { AvailabilityDecision, AvailabilityPolicy, AvailabilityReadings, AvailabilityReason, AvailabilityState, BlockingRule } from './types';

const initialState: AvailabilityState = { thermal: { kind: 'normal' }, idle: { kind: 'unknown' } };
export const INITIAL_AVAILABILITY_STATE: AvailabilityState = Object.freeze(initialState);

/** Readings of a machine that can measure nothing (a start-up value, or a headless box). */
const unknownReadings: AvailabilityReadings = { idle: { kind: 'unknown' }, processes: { kind: 'unknown' }, fullscreen: null, gpus: [], cpuTemperatureC: null };
export const UNKNOWN_READINGS: AvailabilityReadings = Object.freeze(unknownReadings);

function earliest(outcomes: readonly RuleOutcome[]): number | null {
  let min: number | null = null;
  for (const o of outcomes) if (o.changesAt !== null && (min === null || o.changesAt < min)) min = o.changesAt;
  return min;
}

export function decideAvailability(policy: AvailabilityPolicy, readings: AvailabilityReadings, state: AvailabilityState, now: number): AvailabilityDecision {
  const zone = policy.timeZone;
  const thermal = evaluateThermal(policy.thermal, offeredGpus(policy.gpus, readings.gpus), readings.cpuTemperatureC, state.thermal, now);
  const idleState = trackIdle(state.idle, readings.idle);
  const schedule = evaluateSchedule(policy.schedule, zone, now);
  const ordered: readonly [BlockingRule, RuleOutcome][] = [
    ['manual', evaluateManual(policy.manual, zone, now)],
    ['thermal', thermal.outcome],
    ['game', evaluateGame(policy.game, readings.processes, readings.fullscreen)],
    ['schedule', schedule],
    ['idle', evaluateIdle(policy.idle, readings.idle, idleState, now)],
  ];
  const firstBlocking = ordered.findIndex(([, o]) => o.blocking !== null);
  // Rules below the deciding one cannot change the decision while it blocks, so only the
  // deciding rule and those above it bound how long the decision holds.
  const relevant = firstBlocking === -1 ? ordered : ordered.slice(0, firstBlocking + 1);
  const nextCheckAt = earliest(relevant.map(([, o]) => o));
  const deciding = firstBlocking === -1 ? undefined : ordered[firstBlocking];
  const reason: AvailabilityReason = deciding?.[1].blocking ?? onlineReason(policy, schedule.changesAt, idleForMs(idleState, readings.idle, now), now);
  return {
    available: deciding === undefined,
    reason,
    decidedBy: deciding?.[0] ?? 'online',
    nextCheckAt,
    countdownMs: nextCheckAt === null ? null : nextCheckAt - now,
    state: { thermal: thermal.state, idle: idleState },
    whilePaused: policy.onPause,
    powerLimitW: policy.powerLimitW,
  };
}

function onlineReason(policy: AvailabilityPolicy, scheduleEndsAt: number | null, idleFor: number | null, now: number): AvailabilityReason {
  const parts: string[] = [];
  const endsAt = policy.schedule.kind === 'windows' ? scheduleEndsAt : null;
  if (endsAt !== null) parts.push(`until ${formatLocalTime(endsAt, now, policy.timeZone)} (your schedule)`);
  const away = policy.idle.kind === 'after' ? idleFor : null;
  if (away !== null) parts.push(`while you're away (idle for ${Math.floor(away / 60_000)} min)`);
  return { code: 'online', text: ['Online', ...parts].join(' '), scheduleEndsAt: endsAt, idleForMs: away };
}
