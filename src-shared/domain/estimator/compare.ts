// "All GPUs compared" (product.md §1.8, Table C): every GPU's best single Cargo at the same hours,
// sorted by monthly credits, with the ★ sweet spot.

import { hardwareTier } from './constants';
import { bestCargo, cargoEstimates } from './estimate';
import { ESTIMATOR_GPUS } from './gpus';
import { checkHoursPerDay, rulesFor } from './input';
import { compareMonthlyCredits, usdText } from './rounding';
import type { EstimatorVersion, GpuComparison, GpuComparisonRow, TierKey } from './types';

const SWEET_SPOT_TIERS: ReadonlySet<TierKey> = new Set(['mid_range', 'high_end']);

/** Highest monthly credits per GB of VRAM among mid-range and high-end GPUs; first wins a tie. */
function sweetSpot(rows: readonly Omit<GpuComparisonRow, 'sweetSpot' | 'rank'>[]): string | null {
  let best: { id: string; ratio: number } | null = null;
  for (const row of rows) {
    if (!SWEET_SPOT_TIERS.has(row.gpu.tier) || !(row.gpu.vramGb > 0)) continue;
    const ratio = row.monthlyCredits / row.gpu.vramGb;
    if (best === null || ratio > best.ratio) best = { id: row.gpu.id, ratio };
  }
  return best?.id ?? null;
}

export function compareAllGpus(hoursPerDay: number, options: { version?: EstimatorVersion } = {}): GpuComparison {
  const hours = checkHoursPerDay(hoursPerDay);
  const rules = rulesFor(options.version);
  const unsorted = ESTIMATOR_GPUS.map((gpu) => {
    const best = bestCargo(cargoEstimates(gpu, hours, rules));
    const monthlyCredits = compareMonthlyCredits(best.creditsPerDay);
    return { gpu, tier: hardwareTier(gpu.tier), bestWorkload: best.workload, monthlyCredits, usd: usdText(monthlyCredits, rules) };
  });
  // Array.prototype.sort is stable, so equal months keep GPU_DB order as on the site.
  const sorted = [...unsorted].sort((a, b) => b.monthlyCredits - a.monthlyCredits);
  const sweetSpotGpuId = sweetSpot(sorted);
  const rows = sorted.map((row, i) => ({ rank: i + 1, ...row, sweetSpot: row.gpu.id === sweetSpotGpuId }));
  return { hoursPerDay: hours, rules, rows, sweetSpotGpuId };
}
