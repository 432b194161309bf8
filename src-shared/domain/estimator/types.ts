// The estimator's public types (product.md §1). The data and formula are the website calculator's
// (`static/js/calculator.js`); WEB@SPEC is the default version, Phase 2 (HEAD) is the same
// calculator without the fee and without USD.

/** `TIER_MULT` keys (§1.4). */
export type TierKey = 'enterprise' | 'high_end' | 'mid_range' | 'entry' | 'cpu_only';

export interface HardwareTier {
  key: TierKey;
  /** As the comparison table prints it: "High-End". */
  label: string;
  multiplier: number;
  /** The comparison chart's bar colour. */
  chartColor: string;
  /** The comparison table's badge style (§1.8). */
  comparisonBadge: 'perfect' | 'good' | 'tight';
}

/** One `GPU_DB` entry (Table A columns 1–5). `vramGb` is unified memory for Apple chips. */
export interface EstimatorGpu {
  /** Stable id derived from the name, e.g. `nvidia-rtx-4090`, `cpu-only`. */
  id: string;
  name: string;
  tier: TierKey;
  vramGb: number;
  bandwidthGbS: number;
  /** The GPU menu's label: `name (vram GB)`, no suffix for the CPU entry (§1.2). */
  label: string;
}

export type WorkloadId = 'llm-7b' | 'llm-13b' | 'llm-70b' | 'image-gen' | 'wasm-task';

/** A reference Cargo of the calculator (`WORKLOADS`, §1.5). */
export interface ReferenceWorkload {
  id: WorkloadId;
  /** As shown: "LLM Chat (13B)". */
  name: string;
  type: 'llm' | 'container' | 'wasm';
  minVramGb: number;
  modelGb: number;
  /** Credits per job. */
  basePrice: number;
}

/** WEB@SPEC: 20 % fee and $0.01 per credit. Phase 2 (WEB@HEAD): no fee, no USD. */
export type EstimatorVersion = 'web-spec' | 'phase2';

export interface EstimatorVersionRules {
  version: EstimatorVersion;
  feeRate: number;
  /** Null where the version shows no USD. */
  usdPerCredit: number | null;
}

export interface EstimateInput {
  gpuId: string;
  /** 0–24; the calculator's slider offers 1–24 (HOURS_PER_DAY). */
  hoursPerDay: number;
  /** Defaults to 'web-spec' (DESIGN.md). */
  version?: EstimatorVersion;
}

export type Throughput =
  | { kind: 'tokens'; tokensPerSecond: number }
  | { kind: 'jobs'; jobsPerHour: number };

/**
 * Why the fit badge says what it says. LLM "good" halves tok/s; for Image Generation the badge is
 * cosmetic (earnings do not depend on it).
 */
export type FitReason =
  | { kind: 'model-resident'; needGb: number }
  | { kind: 'model-partly-offloaded'; needGb: number }
  | { kind: 'vram-comfortable'; needGb: number }
  | { kind: 'vram-tight'; needGb: number }
  | { kind: 'always' };

export type CannotRunReason =
  | { kind: 'needs-vram'; minVramGb: number }
  | { kind: 'no-memory-bandwidth' };

export type CargoEstimate =
  | {
      kind: 'runs';
      workload: ReferenceWorkload;
      fit: 'perfect' | 'good';
      fitReason: FitReason;
      /** What the UI shows: tok/s for LLMs, jobs/hr otherwise. */
      throughput: Throughput;
      /** After the 15 % utilization. */
      jobsPerHour: number;
      /** Before the fee. */
      grossCreditsPerHour: number;
      /** After the fee (equal to gross in Phase 2); unrounded. */
      creditsPerHour: number;
      /** `round(creditsPerHour)`, the "… cr/hr" cell. */
      creditsPerHourShown: number;
      /** creditsPerHour × hours, unrounded. */
      creditsPerDay: number;
      /** Detail-view rounding: `round(creditsPerDay) × 30`. */
      creditsPerMonth: number;
      /** `(creditsPerMonth × usdPerCredit).toFixed(2)`; null without USD. */
      usdPerMonth: string | null;
    }
  | {
      kind: 'cannot-run';
      workload: ReferenceWorkload;
      reason: CannotRunReason;
      /** The greyed-out row's badge, e.g. "Needs 10 GB". */
      badge: string;
    };

export type RunningCargoEstimate = Extract<CargoEstimate, { kind: 'runs' }>;

export interface EarningsEstimate {
  gpu: EstimatorGpu;
  tier: HardwareTier;
  hoursPerDay: number;
  rules: EstimatorVersionRules;
  /** Every reference Cargo, in `WORKLOADS` order. */
  cargos: readonly CargoEstimate[];
  /** The single best Cargo (never a mix; ties keep the earlier Cargo). */
  best: RunningCargoEstimate;
  /** Detail view: `round(best daily)`. */
  creditsPerDay: number;
  /** Detail view: `round(best daily) × 30`. */
  creditsPerMonth: number;
  /** Detail view: `(creditsPerMonth × usdPerCredit).toFixed(2)`; null without USD. */
  usdPerMonth: string | null;
}

export interface GpuComparisonRow {
  /** 1-based, after sorting. */
  rank: number;
  gpu: EstimatorGpu;
  tier: HardwareTier;
  bestWorkload: ReferenceWorkload;
  /** Compare table: `round(best daily × 30)` (differs slightly from the detail view). */
  monthlyCredits: number;
  /** `(monthlyCredits × usdPerCredit).toFixed(2)`; null without USD. */
  usd: string | null;
  /** ★ best credits per GB of VRAM among mid-range and high-end GPUs. */
  sweetSpot: boolean;
}

export interface GpuComparison {
  hoursPerDay: number;
  rules: EstimatorVersionRules;
  /** Monthly credits, descending; ties keep `GPU_DB` order. */
  rows: readonly GpuComparisonRow[];
  sweetSpotGpuId: string | null;
}

export interface SeriesInput extends EstimateInput {
  period: 'day' | 'month';
  /** How many periods (points), 1 or more. */
  count: number;
}

/** One point of a projected-earnings chart, at the detail view's rounding. */
export interface EarningsPoint {
  /** 1-based day or month number. */
  index: number;
  credits: number;
  cumulativeCredits: number;
  /** Cumulative USD, or null without USD. */
  cumulativeUsd: string | null;
}

export interface HoursPoint {
  hoursPerDay: number;
  creditsPerDay: number;
  creditsPerMonth: number;
  usdPerMonth: string | null;
}

/** What the Island detected: nvidia-smi's or the OS's GPU name and its memory. */
export interface DetectedGpu {
  /** Null or blank when no GPU was found. */
  name: string | null;
  vramMb: number | null;
}

export type GpuMatch =
  | {
      kind: 'matched';
      gpu: EstimatorGpu;
      /** 'no-gpu': nothing detected, so the CPU-only entry. */
      basis: 'name' | 'name-and-vram' | 'no-gpu';
      /** Whether the detected memory agrees with the entry's (within 10 %). */
      vram: 'as-listed' | 'differs' | 'unknown';
    }
  | {
      kind: 'unmatched';
      /** 'laptop': a mobile part, slower than the desktop card of the same name. */
      reason: 'unknown-model' | 'laptop' | 'ambiguous';
      /** Closest entries, best first (at most 3). */
      suggestions: readonly EstimatorGpu[];
    };
