// nextCheckAt is honest: with the readings held still, the decision (available, reason code,
// deciding rule) is the same at every instant from now until nextCheckAt, and differs at
// nextCheckAt itself; with no nextCheckAt it never changes by time alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAvailability, INITIAL_AVAILABILITY_STATE } from '../../../src-shared/domain/availability';
import type { AvailabilityDecision, AvailabilityPolicy, AvailabilityReadings, AvailabilityState } from '../../../src-shared/domain/availability';
import { instantArb, TRANSITIONS, windowArb, ZONES } from './arbitraries';
import { MIN, policy } from './fixtures';

const HOUR = 60 * MIN;
const key = (d: AvailabilityDecision) => `${d.available}|${d.reason.code}|${d.decidedBy}`;

interface Case {
  p: AvailabilityPolicy;
  r: AvailabilityReadings;
  state: AvailabilityState;
  now: number;
}

const caseArb: fc.Arbitrary<Case> = instantArb.chain((now) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      manual: fc.oneof(
        fc.constant({ kind: 'online' } as const),
        fc.constant({ kind: 'paused' } as const),
        fc.integer({ min: -2 * HOUR, max: 48 * HOUR }).map((d) => ({ kind: 'paused_until', until: now + d }) as const),
      ),
      windows: fc.option(fc.array(windowArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      idleMinutes: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
      game: fc.option(fc.boolean(), { nil: undefined }),
      thermal: fc.boolean(),
      idleSeconds: fc.option(fc.integer({ min: 0, max: 4 * 3600 }), { nil: undefined }),
      sampledAgo: fc.integer({ min: 0, max: 60_000 }),
      gameRunning: fc.option(fc.boolean(), { nil: undefined }),
      fullscreen: fc.constantFrom(true, false, null),
      gpuTemp: fc.option(fc.integer({ min: 40, max: 95 }), { nil: null }),
      tripped: fc.boolean(),
    })
    .map((c): Case => ({
      now,
      p: policy({
        manual: c.manual,
        timeZone: { kind: 'named', name: c.zone },
        schedule: c.windows ? { kind: 'windows', windows: c.windows } : { kind: 'always' },
        idle: c.idleMinutes ? { kind: 'after', minutes: c.idleMinutes } : { kind: 'off' },
        game: c.game === undefined ? { kind: 'off' } : { kind: 'on', processes: ['game.exe'], pauseOnFullscreen: c.game },
        thermal: { gpu: c.thermal ? { pauseAtC: 85, resumeBelowC: 75 } : null, cpu: null },
      }),
      r: {
        idle: c.idleSeconds === undefined ? { kind: 'unknown' } : { kind: 'measured', idleSeconds: c.idleSeconds, sampledAt: now - c.sampledAgo },
        processes: c.gameRunning === undefined ? { kind: 'unknown' } : { kind: 'listed', names: c.gameRunning ? ['Game.exe'] : ['other'] },
        fullscreen: c.fullscreen,
        gpus: [{ index: 0, uuid: null, temperatureC: c.gpuTemp }],
        cpuTemperatureC: null,
      },
      state: c.tripped ? { thermal: { kind: 'tripped', sensors: [{ kind: 'gpu', index: 0 }], since: now - HOUR }, idle: { kind: 'unknown' } } : INITIAL_AVAILABILITY_STATE,
    })),
);

/** Instants to probe in [from, to): random ones, the edges, and any DST change in between. */
function probes(from: number, to: number, random: readonly number[]): number[] {
  const span = to - from;
  return [from, to - 1, ...random.map((f) => from + Math.floor(f * span)), ...TRANSITIONS.filter((t) => t >= from && t < to)];
}

describe('nextCheckAt (property)', () => {
  it('the decision holds until nextCheckAt and changes there', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 20, maxLength: 20 }), ({ p, r, state, now }, random) => {
        const first = decideAvailability(p, r, state, now);
        const until = first.nextCheckAt ?? now + 15 * 24 * HOUR;
        expect(until).toBeGreaterThan(now);
        for (const t of probes(now, until, random)) {
          expect(key(decideAvailability(p, r, state, t)), new Date(t).toISOString()).toBe(key(first));
          // The state the decision hands back changes nothing by itself either.
          expect(key(decideAvailability(p, r, first.state, t))).toBe(key(first));
        }
        if (first.nextCheckAt !== null) {
          expect(key(decideAvailability(p, r, first.state, first.nextCheckAt))).not.toBe(key(first));
          expect(first.countdownMs).toBe(first.nextCheckAt - now);
        }
      }),
      { numRuns: 400 },
    );
  });
});
