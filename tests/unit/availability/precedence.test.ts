// One decision from many rules: manual pause > thermal > game > schedule > idle-only > online.
import { describe, expect, it } from 'vitest';
import { decideAvailability, INITIAL_AVAILABILITY_STATE, RULE_PRECEDENCE } from '../../../src-shared/domain/availability';
import type { AvailabilityPolicy, AvailabilityReadings } from '../../../src-shared/domain/availability';
import { at, MIN, policy, readings, schedulePolicy, win } from './fixtures';

// Mon 2026-03-02 12:00 UTC; the schedule below is Mon 18:00–23:30, so this is outside it.
const NOW = at('2026-03-02T12:00:00Z');

/** Every rule set to block at NOW. */
const everythingBlocks: AvailabilityPolicy = schedulePolicy('UTC', [win(['mon'], '18:00', '23:30')], {
  manual: { kind: 'paused_until', until: NOW + 30 * MIN },
  thermal: { gpu: { pauseAtC: 85, resumeBelowC: 75 }, cpu: null },
  game: { kind: 'on', processes: ['eldenring.exe'], pauseOnFullscreen: true },
  idle: { kind: 'after', minutes: 10 },
});
const everythingBlocking: AvailabilityReadings = readings({
  gpus: [{ index: 0, uuid: 'GPU-aaa', temperatureC: 86 }],
  processes: { kind: 'listed', names: ['explorer.exe', 'eldenring.exe'] },
  idle: { kind: 'measured', idleSeconds: 120, sampledAt: NOW },
});

/** `policy` with the rules above `rule` in precedence switched off. */
function withoutRulesAbove(rule: (typeof RULE_PRECEDENCE)[number]): AvailabilityPolicy {
  const off: { -readonly [K in keyof AvailabilityPolicy]?: AvailabilityPolicy[K] } = {};
  for (const r of RULE_PRECEDENCE.slice(0, RULE_PRECEDENCE.indexOf(rule))) {
    if (r === 'manual') off.manual = { kind: 'online' };
    if (r === 'thermal') off.thermal = { gpu: null, cpu: null };
    if (r === 'game') off.game = { kind: 'off' };
    if (r === 'schedule') off.schedule = { kind: 'always' };
  }
  return { ...everythingBlocks, ...off };
}

describe('precedence', () => {
  it.each([
    ['manual', 'paused_until', 'Paused by you until 12:30'],
    ['thermal', 'too_hot', 'GPU 0 at 86 °C (resumes below 75 °C)'],
    ['game', 'game_running', 'Game running: eldenring.exe'],
    ['schedule', 'outside_schedule', 'Outside your schedule (next window 18:00)'],
    ['idle', 'owner_active', "You're using the computer (idle for 2 of 10 min)"],
  ] as const)('with every rule blocking, %s decides once the rules above it are off', (rule, code, text) => {
    const d = decideAvailability(withoutRulesAbove(rule), everythingBlocking, INITIAL_AVAILABILITY_STATE, NOW);
    expect(d).toMatchObject({ available: false, decidedBy: rule, reason: { code, text } });
  });

  it('with nothing blocking the Island is online, and says why when rules are set', () => {
    const d = decideAvailability(policy(), readings(), INITIAL_AVAILABILITY_STATE, NOW);
    expect(d).toMatchObject({ available: true, decidedBy: 'online', reason: { code: 'online', text: 'Online' }, nextCheckAt: null, countdownMs: null });
    const evening = at('2026-03-02T19:00:00Z');
    const p = { ...withoutRulesAbove('idle'), schedule: everythingBlocks.schedule };
    const away = readings({ idle: { kind: 'measured', idleSeconds: 900, sampledAt: evening } });
    expect(decideAvailability(p, away, INITIAL_AVAILABILITY_STATE, evening).reason).toEqual({
      code: 'online',
      text: "Online until 23:30 (your schedule) while you're away (idle for 15 min)",
      scheduleEndsAt: at('2026-03-02T23:30:00Z'),
      idleForMs: 15 * MIN,
    });
  });

  it('a plain pause has no end, and a pause whose time has passed is over', () => {
    const paused = decideAvailability(policy({ manual: { kind: 'paused' } }), readings(), INITIAL_AVAILABILITY_STATE, NOW);
    expect(paused).toMatchObject({ available: false, reason: { code: 'paused_by_owner', text: 'Paused by you' }, nextCheckAt: null });
    const over = decideAvailability(policy({ manual: { kind: 'paused_until', until: NOW } }), readings(), INITIAL_AVAILABILITY_STATE, NOW);
    expect(over.available).toBe(true);
  });

  it('a pause counts down to its end, and the end names the day when it is not today', () => {
    const p = policy({ manual: { kind: 'paused_until', until: NOW + 90 * MIN } });
    const first = decideAvailability(p, readings(), INITIAL_AVAILABILITY_STATE, NOW);
    const later = decideAvailability(p, readings(), INITIAL_AVAILABILITY_STATE, NOW + 60 * MIN);
    expect(first).toMatchObject({ nextCheckAt: NOW + 90 * MIN, countdownMs: 90 * MIN });
    expect(later.countdownMs).toBe(30 * MIN);
    const tomorrow = policy({ manual: { kind: 'paused_until', until: at('2026-03-03T09:15:00Z') } });
    expect(decideAvailability(tomorrow, readings(), INITIAL_AVAILABILITY_STATE, NOW).reason.text).toBe('Paused by you until Tue 09:15');
    const berlin = { ...p, timeZone: { kind: 'named', name: 'Europe/Berlin' } } as const;
    expect(decideAvailability(berlin, readings(), INITIAL_AVAILABILITY_STATE, NOW).reason.text).toBe('Paused by you until 14:30');
  });

  it('a rule below the deciding one does not shorten nextCheckAt; one above it does', () => {
    // Paused until 12:30; the idle threshold (12:08) is below and irrelevant while paused.
    const d = decideAvailability(everythingBlocks, everythingBlocking, INITIAL_AVAILABILITY_STATE, NOW);
    expect(d.nextCheckAt).toBe(NOW + 30 * MIN);
    // Online inside the schedule: the window's end bounds the decision even though idle decides.
    const evening = at('2026-03-02T23:25:00Z');
    const idleDecides = decideAvailability(withoutRulesAbove('schedule'), readings({ idle: { kind: 'measured', idleSeconds: 0, sampledAt: evening } }), INITIAL_AVAILABILITY_STATE, evening);
    expect(idleDecides).toMatchObject({ decidedBy: 'idle', nextCheckAt: at('2026-03-02T23:30:00Z') });
  });

  it('returns what pausing does and the power cap whatever it decides', () => {
    const p = policy({ manual: { kind: 'paused' }, onPause: { runningJobs: 'cancel', unloadModels: true }, powerLimitW: 220 });
    const d = decideAvailability(p, readings(), INITIAL_AVAILABILITY_STATE, NOW);
    expect(d).toMatchObject({ whilePaused: { runningJobs: 'cancel', unloadModels: true }, powerLimitW: 220 });
  });
});
