// The calculator's constants (product.md §1.3) and tier multipliers (§1.4), verbatim.

import type { EstimatorVersion, EstimatorVersionRules, HardwareTier, TierKey } from './types';

export const ESTIMATOR_CONSTANTS = {
  /** "15% of online time is actual job execution". */
  utilization: 0.15,
  /** Fraction of memory bandwidth that turns into tokens. */
  llmEfficiency: 0.55,
  /** VRAM ≥ this × model size: the model is fully resident ("Perfect"), else half speed. */
  llmResidentFactor: 1.2,
  llmPartialOffloadSpeed: 0.5,
  tokensPerLlmJob: 200,
  llmJobOverheadSeconds: 2,
  /** Image Generation's "Perfect" badge needs VRAM ≥ this × its minimum. */
  imageComfortFactor: 1.5,
  containerMaxJobsPerHour: 120,
  wasmMaxJobsPerHour: 300,
} as const;

export const DAYS_PER_MONTH = 30;

/** The slider: min 1, max 24, default 8 (§1.2). */
export const HOURS_PER_DAY = { min: 1, max: 24, default: 8 } as const;

export const VERSION_RULES: Readonly<Record<EstimatorVersion, EstimatorVersionRules>> = {
  // PLATFORM_FEE and CREDIT_VALUE of commit 767bc6e.
  'web-spec': { version: 'web-spec', feeRate: 0.2, usdPerCredit: 0.01 },
  // HEAD deleted both: virtual credits, no fee, no conversion.
  phase2: { version: 'phase2', feeRate: 0, usdPerCredit: null },
};

export const DEFAULT_VERSION: EstimatorVersion = 'web-spec';

/** `TIER_MULT`, "match coordinator pricing.ex", with the comparison's labels, colours and badges. */
export const HARDWARE_TIERS: Readonly<Record<TierKey, HardwareTier>> = {
  enterprise: { key: 'enterprise', label: 'Enterprise', multiplier: 2.0, chartColor: 'rgba(168,85,247,.8)', comparisonBadge: 'perfect' },
  high_end: { key: 'high_end', label: 'High-End', multiplier: 1.5, chartColor: 'rgba(13,148,136,.8)', comparisonBadge: 'good' },
  mid_range: { key: 'mid_range', label: 'Mid-Range', multiplier: 1.2, chartColor: 'rgba(59,130,246,.8)', comparisonBadge: 'tight' },
  entry: { key: 'entry', label: 'Entry', multiplier: 1.0, chartColor: 'rgba(156,163,175,.6)', comparisonBadge: 'tight' },
  cpu_only: { key: 'cpu_only', label: 'CPU', multiplier: 0.5, chartColor: 'rgba(107,114,128,.4)', comparisonBadge: 'tight' },
};

export function hardwareTier(key: TierKey): HardwareTier {
  return HARDWARE_TIERS[key];
}

/** The detail view's line: "high end (1.5x multiplier)" (the key with `_` → space). */
export function hardwareTierText(key: TierKey): string {
  return `${key.replaceAll('_', ' ')} (${HARDWARE_TIERS[key].multiplier}x multiplier)`;
}
