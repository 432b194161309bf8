// The detail view (product.md §1.6): every reference Cargo, the best single one, and the rounded
// daily, monthly and USD figures.

import { hardwareTier } from './constants';
import { estimateCargo } from './cargo-estimate';
import { requireEstimatorGpu } from './gpus';
import { checkHoursPerDay, rulesFor } from './input';
import { detailMonthlyCredits, usdText } from './rounding';
import type {
  CargoEstimate,
  EarningsEstimate,
  EstimateInput,
  EstimatorGpu,
  EstimatorVersionRules,
  RunningCargoEstimate,
} from './types';
import { REFERENCE_WORKLOADS } from './workloads';

/**
 * The best Cargo: strict ">" in `WORKLOADS` order, so ties keep the earlier one. Compared per
 * hour, which orders the Cargos as the site's per-day comparison does for any hours > 0 and still
 * names a Cargo at 0 hours. The WASM Task runs everywhere, so there is always one.
 */
export function bestCargo(cargos: readonly CargoEstimate[]): RunningCargoEstimate {
  let best: RunningCargoEstimate | null = null;
  for (const c of cargos) {
    if (c.kind === 'runs' && (best === null || c.creditsPerHour > best.creditsPerHour)) best = c;
  }
  if (best === null) throw new Error('no reference Cargo runs on this GPU (the WASM Task always should)');
  return best;
}

export function cargoEstimates(
  gpu: EstimatorGpu,
  hoursPerDay: number,
  rules: EstimatorVersionRules,
): readonly CargoEstimate[] {
  return REFERENCE_WORKLOADS.map((w) => estimateCargo(gpu, w, hoursPerDay, rules));
}

export function estimateEarnings(input: EstimateInput): EarningsEstimate {
  const gpu = requireEstimatorGpu(input.gpuId);
  const hoursPerDay = checkHoursPerDay(input.hoursPerDay);
  const rules = rulesFor(input.version);
  const cargos = cargoEstimates(gpu, hoursPerDay, rules);
  const best = bestCargo(cargos);
  const creditsPerDay = Math.round(best.creditsPerDay);
  const creditsPerMonth = detailMonthlyCredits(best.creditsPerDay);
  return {
    gpu,
    tier: hardwareTier(gpu.tier),
    hoursPerDay,
    rules,
    cargos,
    best,
    creditsPerDay,
    creditsPerMonth,
    usdPerMonth: usdText(creditsPerMonth, rules),
  };
}
