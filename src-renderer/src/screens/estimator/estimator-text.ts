// The estimator's figures written as the website calculator writes them (product.md §1.2, §1.8):
// credits with thousands separators ("2,816"), USD as "$" + toFixed(2) with no separator
// ("$2611.20"), "69 tok/s", "18 jobs/hr", "440 cr/hr", "Needs 40 GB", VRAM "—" for the CPU entry.
import type { CargoEstimate, EstimatorGpu, Throughput } from '../../../../src-shared/domain/estimator';
import { formatInteger } from '../../format/units';

export const credits = (n: number): string => formatInteger(n);

export const usd = (text: string | null): string => (text === null ? '—' : `$${text}`);

export const hoursText = (h: number): string => `${h}h`;

export function throughputText(t: Throughput): string {
  return t.kind === 'tokens' ? `${t.tokensPerSecond} tok/s` : `${t.jobsPerHour} jobs/hr`;
}

export function fitText(c: CargoEstimate): string {
  if (c.kind === 'cannot-run') return c.badge;
  return c.fit === 'perfect' ? 'Perfect' : 'Good';
}

export function earningsText(c: CargoEstimate): string {
  return c.kind === 'runs' ? `${c.creditsPerHourShown} cr/hr` : '—';
}

export function vramText(gpu: EstimatorGpu): string {
  return gpu.vramGb > 0 ? `${gpu.vramGb} GB` : '—';
}
