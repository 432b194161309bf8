// The thermal guard: trip at the pause line, release only below the resume line, per sensor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAvailability, INITIAL_AVAILABILITY_STATE } from '../../../src-shared/domain/availability';
import type { AvailabilityDecision, AvailabilityPolicy, AvailabilityState, GpuReading } from '../../../src-shared/domain/availability';
import { at, policy, readings } from './fixtures';

const NOW = at('2026-06-01T12:00:00Z');
const guarded = policy({ thermal: { gpu: { pauseAtC: 85, resumeBelowC: 78 }, cpu: { pauseAtC: 95, resumeBelowC: 85 } } });
const gpu = (index: number, temperatureC: number | null, uuid: string | null = null): GpuReading => ({ index, uuid, temperatureC });

/** Feeds GPU 0 temperatures one after another, keeping the state as the agent would. */
function run(p: AvailabilityPolicy, temps: readonly (number | null)[], cpu: number | null = null): AvailabilityDecision[] {
  let state: AvailabilityState = INITIAL_AVAILABILITY_STATE;
  return temps.map((t, i) => {
    const d = decideAvailability(p, readings({ gpus: [gpu(0, t)], cpuTemperatureC: cpu }), state, NOW + i * 5000);
    state = d.state;
    return d;
  });
}

describe('thermal guard', () => {
  it('trips at the pause line and stays tripped until strictly below the resume line', () => {
    const seq = run(guarded, [80, 84, 85, 84, 80, 78, 77.5, 80, 84]);
    expect(seq.map((d) => d.available)).toEqual([true, true, false, false, false, false, true, true, true]);
    expect(seq[3]!.reason).toEqual({ code: 'too_hot', text: 'GPU 0 at 84 °C (resumes below 78 °C)', sensor: { kind: 'gpu', index: 0 }, temperatureC: 84, resumeBelowC: 78 });
  });

  it('keeps the time it tripped while it stays tripped', () => {
    const seq = run(guarded, [90, 86, 80]);
    expect(seq.map((d) => (d.state.thermal.kind === 'tripped' ? d.state.thermal.since : null))).toEqual([NOW, NOW, NOW]);
  });

  it('a tripped GPU that stops reporting stays tripped; an untripped one with no reading does not trip', () => {
    const seq = run(guarded, [null, 90, null, 70]);
    expect(seq.map((d) => d.available)).toEqual([true, false, false, true]);
    expect(seq[2]!.reason.text).toBe('GPU 0 temperature unknown after overheating (resumes once it reads below 78 °C)');
  });

  it('each sensor has its own band: a warm CPU inside its band does not hold a cooled GPU', () => {
    let state: AvailabilityState = INITIAL_AVAILABILITY_STATE;
    const step = (g: number, cpu: number) => {
      const d = decideAvailability(guarded, readings({ gpus: [gpu(0, g)], cpuTemperatureC: cpu }), state, NOW);
      state = d.state;
      return d.available;
    };
    expect([step(86, 90), step(70, 90), step(70, 96), step(70, 86), step(70, 84)]).toEqual([false, true, false, false, true]);
  });

  it('watches only offered GPUs, and names the hottest of several tripped ones', () => {
    const hot = readings({ gpus: [gpu(0, 60, 'GPU-a'), gpu(1, 99, 'GPU-b')] });
    const onlyZero = { ...guarded, gpus: { kind: 'only', ids: ['0'], except: [] } } as const;
    expect(decideAvailability(onlyZero, hot, INITIAL_AVAILABILITY_STATE, NOW).available).toBe(true);
    expect(decideAvailability({ ...guarded, gpus: { kind: 'all', except: ['gpu-b'] } }, hot, INITIAL_AVAILABILITY_STATE, NOW).available).toBe(true);
    const both = readings({ gpus: [gpu(0, 88), gpu(1, 92)] });
    expect(decideAvailability(guarded, both, INITIAL_AVAILABILITY_STATE, NOW).reason).toMatchObject({ sensor: { kind: 'gpu', index: 1 }, temperatureC: 92 });
  });

  it('CPU readings trip the CPU guard', () => {
    const d = run(guarded, [50], 97)[0]!;
    expect(d.reason.text).toBe('CPU at 97 °C (resumes below 85 °C)');
  });

  it('never flaps: while readings stay strictly between the lines, the decision never changes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (pauseAt, band, startHot, steps) => {
          const resumeBelow = pauseAt - band;
          const p = policy({ thermal: { gpu: { pauseAtC: pauseAt, resumeBelowC: resumeBelow }, cpu: null } });
          // Enter the band from above (tripped) or from below (normal), then wander inside it.
          // In tenths of a degree, as nvidia-smi never reports finer: resumeBelow … pauseAt - 0.1.
          const temps = [startHot ? pauseAt : resumeBelow - 1, ...steps.map((n) => resumeBelow + (n % (band * 10)) / 10)];
          const seq = run(p, temps);
          const first = seq[1]!.available;
          expect(first).toBe(!startHot);
          for (const d of seq.slice(1)) expect(d.available).toBe(first);
        },
      ),
    );
  });
});
