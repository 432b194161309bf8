// Idle-only mode: work only after the owner has left the machine alone for N minutes, and stop
// the moment they are back. The OS reports idle time in whole seconds, so each reading places the
// last input within a second; the state keeps the earliest placement, so the countdown only ever
// goes down, and a placement more than that second later means the owner touched the machine.
import type { IdleReading, IdleRule, IdleState } from '../types';
import { PASSES } from './rule-outcome';
import type { RuleOutcome } from './rule-outcome';

const READING_RESOLUTION_MS = 1000;
const MINUTE_MS = 60_000;

export function trackIdle(previous: IdleState, reading: IdleReading): IdleState {
  if (reading.kind === 'unknown') return previous;
  const placed = reading.sampledAt - reading.idleSeconds * 1000;
  if (previous.kind === 'unknown' || placed > previous.lastInputAt + READING_RESOLUTION_MS) return { kind: 'tracking', lastInputAt: placed };
  return { kind: 'tracking', lastInputAt: Math.min(previous.lastInputAt, placed) };
}

/** How long the owner has been away at `now`; null when there is no idle reading. */
export function idleForMs(state: IdleState, reading: IdleReading, now: number): number | null {
  if (reading.kind === 'unknown' || state.kind === 'unknown') return null;
  return Math.max(0, now - state.lastInputAt);
}

export function evaluateIdle(rule: IdleRule, reading: IdleReading, state: IdleState, now: number): RuleOutcome {
  if (rule.kind === 'off') return PASSES;
  const away = idleForMs(state, reading, now);
  const neededMs = rule.minutes * MINUTE_MS;
  if (away === null || state.kind === 'unknown') {
    return { blocking: { code: 'idle_unknown', text: 'Waiting for the computer to be idle, but this machine does not report idle time' }, changesAt: null };
  }
  if (away >= neededMs) return PASSES;
  return {
    blocking: {
      code: 'owner_active',
      text: `You're using the computer (idle for ${Math.floor(away / MINUTE_MS)} of ${rule.minutes} min)`,
      idleForMs: away,
      neededMs,
    },
    changesAt: state.lastInputAt + neededMs,
  };
}
