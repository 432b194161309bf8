// Thermal guard with hysteresis: a sensor trips at or above its pause line and stays tripped
// until it reads strictly below its resume line, so a GPU hovering around one threshold cannot
// make the Island flap. A tripped sensor that stops reporting stays tripped: no reading is no
// proof that it cooled down.
import type { GpuReading, ThermalLimit, ThermalRule, ThermalSensor, ThermalState } from '../types';
import { PASSES } from './rule-outcome';
import type { RuleOutcome } from './rule-outcome';

interface Watched {
  sensor: ThermalSensor;
  limit: ThermalLimit;
  temperatureC: number | null;
}

const sameSensor = (a: ThermalSensor, b: ThermalSensor) => a.kind === b.kind && (a.kind === 'cpu' || (b.kind === 'gpu' && a.index === b.index));

function watched(rule: ThermalRule, offered: readonly GpuReading[], cpuTemperatureC: number | null): Watched[] {
  const out: Watched[] = [];
  if (rule.gpu) for (const g of offered) out.push({ sensor: { kind: 'gpu', index: g.index }, limit: rule.gpu, temperatureC: g.temperatureC });
  if (rule.cpu) out.push({ sensor: { kind: 'cpu' }, limit: rule.cpu, temperatureC: cpuTemperatureC });
  return out;
}

function describe(w: Watched): string {
  const name = w.sensor.kind === 'gpu' ? `GPU ${w.sensor.index}` : 'CPU';
  const resume = `${w.limit.resumeBelowC} °C`;
  return w.temperatureC === null
    ? `${name} temperature unknown after overheating (resumes once it reads below ${resume})`
    : `${name} at ${formatC(w.temperatureC)} °C (resumes below ${resume})`;
}

function formatC(c: number): string {
  return Number.isInteger(c) ? String(c) : c.toFixed(1);
}

export function evaluateThermal(
  rule: ThermalRule,
  offered: readonly GpuReading[],
  cpuTemperatureC: number | null,
  previous: ThermalState,
  now: number,
): { outcome: RuleOutcome; state: ThermalState } {
  const wasTripped = previous.kind === 'tripped' ? previous.sensors : [];
  const tripped: Watched[] = [];
  for (const w of watched(rule, offered, cpuTemperatureC)) {
    const t = w.temperatureC;
    const before = wasTripped.some((s) => sameSensor(s, w.sensor));
    const still = before ? t === null || t >= w.limit.resumeBelowC : t !== null && t >= w.limit.pauseAtC;
    if (still) tripped.push(w);
  }
  if (tripped.length === 0) return { outcome: PASSES, state: { kind: 'normal' } };
  // The hottest sensor relative to its own resume line is the one the owner waits for.
  const shown = tripped.reduce((a, b) => ((b.temperatureC ?? Infinity) - b.limit.resumeBelowC > (a.temperatureC ?? Infinity) - a.limit.resumeBelowC ? b : a));
  const state: ThermalState = { kind: 'tripped', sensors: tripped.map((w) => w.sensor), since: previous.kind === 'tripped' ? previous.since : now };
  return {
    outcome: {
      blocking: { code: 'too_hot', text: describe(shown), sensor: shown.sensor, temperatureC: shown.temperatureC, resumeBelowC: shown.limit.resumeBelowC },
      changesAt: null,
    },
    state,
  };
}
