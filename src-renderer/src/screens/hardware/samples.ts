// Metrics samples for the hardware charts: a bounded window (30 min at the agent's 5 s pace),
// and per-GPU series flattened the way recharts wants them.
import type { MetricsSample } from '../../../../src-shared/api/views';

export const MAX_SAMPLES = 360;

export function appendSample(samples: readonly MetricsSample[], sample: MetricsSample, max = MAX_SAMPLES): MetricsSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.at <= last.at) return [...samples];
  const next = [...samples, sample];
  return next.length > max ? next.slice(next.length - max) : next;
}

export interface GpuPoint {
  at: number;
  utilization: number | null;
  temperature: number | null;
}

export function gpuSeries(samples: readonly MetricsSample[], index: number): GpuPoint[] {
  return samples.map((s) => {
    const g = s.gpus.find((x) => x.index === index);
    return { at: s.at, utilization: g?.utilizationPercent ?? null, temperature: g?.temperatureC ?? null };
  });
}

export interface SystemPoint {
  at: number;
  cpu: number;
  ram: number;
}

/** CPU and RAM use in percent. */
export function systemSeries(samples: readonly MetricsSample[]): SystemPoint[] {
  return samples.map((s) => ({ at: s.at, cpu: s.cpuPercent, ram: s.ramTotalMb > 0 ? (100 * s.ramUsedMb) / s.ramTotalMb : 0 }));
}
