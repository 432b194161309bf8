// Idle-only mode: a countdown from the owner's last input, reset the moment they are back.
import { describe, expect, it } from 'vitest';
import { decideAvailability, INITIAL_AVAILABILITY_STATE } from '../../../src-shared/domain/availability';
import type { AvailabilityDecision, AvailabilityState } from '../../../src-shared/domain/availability';
import { at, MIN, policy, readings } from './fixtures';

const T0 = at('2026-06-01T12:00:00Z');
const idleTen = policy({ idle: { kind: 'after', minutes: 10 } });

/** Samples taken at `T0 + ms` reading `seconds` of OS idle time, decided at the same moment. */
function sample(samples: readonly [number, number][]): AvailabilityDecision[] {
  let state: AvailabilityState = INITIAL_AVAILABILITY_STATE;
  return samples.map(([ms, seconds]) => {
    const d = decideAvailability(idleTen, readings({ idle: { kind: 'measured', idleSeconds: seconds, sampledAt: T0 + ms } }), state, T0 + ms);
    state = d.state;
    return d;
  });
}

describe('idle-only', () => {
  it('counts down to the threshold, then works, and stops the moment the owner is back', () => {
    const seq = sample([
      [0, 0],
      [4 * MIN, 240],
      [9 * MIN + 59_000, 599],
      [10 * MIN, 600],
      [15 * MIN, 900],
      [15 * MIN + 5000, 1],
    ]);
    expect(seq.map((d) => d.available)).toEqual([false, false, false, true, true, false]);
    expect(seq.map((d) => d.countdownMs)).toEqual([10 * MIN, 6 * MIN, 1000, null, null, 10 * MIN - 1000]);
    expect(seq[1]!.reason).toEqual({ code: 'owner_active', text: "You're using the computer (idle for 4 of 10 min)", idleForMs: 4 * MIN, neededMs: 10 * MIN });
    expect(seq[5]!.nextCheckAt).toBe(T0 + 15 * MIN + 4000 + 10 * MIN);
  });

  it('the countdown never goes up while the owner stays away, although the OS rounds idle time down', () => {
    // Samples every 700 ms: whole-second readings place the last input anywhere within a second.
    const samples: [number, number][] = [];
    for (let ms = 0; ms < 30_000; ms += 700) samples.push([ms, Math.floor((ms + 300) / 1000)]);
    const countdowns = sample(samples).map((d) => d.countdownMs!);
    for (let i = 1; i < countdowns.length; i++) expect(countdowns[i]).toBeLessThanOrEqual(countdowns[i - 1]!);
  });

  it('between samples the countdown runs on the clock: an old reading still counts the time since', () => {
    const p = idleTen;
    const r = readings({ idle: { kind: 'measured', idleSeconds: 60, sampledAt: T0 } });
    const d = decideAvailability(p, r, INITIAL_AVAILABILITY_STATE, T0 + 9 * MIN);
    expect(d).toMatchObject({ available: true, reason: { code: 'online', idleForMs: 10 * MIN } });
  });

  it('says so when the machine cannot report idle time, instead of working behind the owner', () => {
    const d = decideAvailability(idleTen, readings(), INITIAL_AVAILABILITY_STATE, T0);
    expect(d).toMatchObject({ available: false, decidedBy: 'idle', reason: { code: 'idle_unknown' }, nextCheckAt: null });
  });

  it('keeps tracking the owner while another rule decides, so the countdown is right when it ends', () => {
    const paused = { ...idleTen, manual: { kind: 'paused_until', until: T0 + 5 * MIN } } as const;
    const first = decideAvailability(paused, readings({ idle: { kind: 'measured', idleSeconds: 0, sampledAt: T0 } }), INITIAL_AVAILABILITY_STATE, T0);
    expect(first.state.idle).toEqual({ kind: 'tracking', lastInputAt: T0 });
    const later = decideAvailability(paused, readings({ idle: { kind: 'measured', idleSeconds: 360, sampledAt: T0 + 6 * MIN } }), first.state, T0 + 6 * MIN);
    expect(later).toMatchObject({ decidedBy: 'idle', countdownMs: 4 * MIN });
  });
});
