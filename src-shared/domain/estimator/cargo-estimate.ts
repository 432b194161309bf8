// One GPU on one reference Cargo (product.md §1.5, §1.6). The arithmetic is done in the
// calculator's order with Math.round (positive values, so halves go up like the site's JS): the
// tables were produced by that code, and a different order can move a .5 across a boundary.

import { ESTIMATOR_CONSTANTS as K, hardwareTier } from './constants';
import { detailMonthlyCredits, usdText } from './rounding';
import type { CargoEstimate, EstimatorGpu, EstimatorVersionRules, FitReason, ReferenceWorkload } from './types';

interface Rate {
  fit: 'perfect' | 'good';
  fitReason: FitReason;
  jobsPerHour: number;
  tokensPerSecond: number | null;
}

function llmRate(gpu: EstimatorGpu, w: ReferenceWorkload): Rate {
  const needGb = K.llmResidentFactor * w.modelGb;
  const resident = gpu.vramGb >= needGb;
  const mode = resident ? 1.0 : K.llmPartialOffloadSpeed;
  const tokensPerSecond = Math.round((gpu.bandwidthGbS / w.modelGb) * K.llmEfficiency * mode);
  const secondsPerJob = K.tokensPerLlmJob / Math.max(tokensPerSecond, 1) + K.llmJobOverheadSeconds;
  return {
    fit: resident ? 'perfect' : 'good',
    fitReason: resident ? { kind: 'model-resident', needGb } : { kind: 'model-partly-offloaded', needGb },
    jobsPerHour: Math.round(Math.floor(3600 / secondsPerJob) * K.utilization),
    tokensPerSecond,
  };
}

function imageRate(gpu: EstimatorGpu, w: ReferenceWorkload): Rate {
  const needGb = K.imageComfortFactor * w.minVramGb;
  const comfortable = gpu.vramGb >= needGb;
  return {
    fit: comfortable ? 'perfect' : 'good',
    fitReason: comfortable ? { kind: 'vram-comfortable', needGb } : { kind: 'vram-tight', needGb },
    jobsPerHour: Math.round(K.containerMaxJobsPerHour * K.utilization),
    tokensPerSecond: null,
  };
}

function wasmRate(): Rate {
  return {
    fit: 'perfect',
    fitReason: { kind: 'always' },
    jobsPerHour: Math.round(K.wasmMaxJobsPerHour * K.utilization),
    tokensPerSecond: null,
  };
}

function rate(gpu: EstimatorGpu, w: ReferenceWorkload): Rate {
  switch (w.type) {
    case 'llm':
      return llmRate(gpu, w);
    case 'container':
      return imageRate(gpu, w);
    case 'wasm':
      return wasmRate();
  }
}

/** Fit, throughput and credits of one reference Cargo on one GPU, after the version's fee. */
export function estimateCargo(
  gpu: EstimatorGpu,
  workload: ReferenceWorkload,
  hoursPerDay: number,
  rules: EstimatorVersionRules,
): CargoEstimate {
  if (gpu.vramGb < workload.minVramGb) {
    return {
      kind: 'cannot-run',
      workload,
      reason: { kind: 'needs-vram', minVramGb: workload.minVramGb },
      badge: `Needs ${workload.minVramGb} GB`,
    };
  }
  if (workload.type === 'llm' && !(gpu.bandwidthGbS > 0)) {
    return { kind: 'cannot-run', workload, reason: { kind: 'no-memory-bandwidth' }, badge: 'Needs a GPU' };
  }
  const r = rate(gpu, workload);
  const grossCreditsPerHour = r.jobsPerHour * workload.basePrice * hardwareTier(gpu.tier).multiplier;
  // The fee is one flat factor on the hourly figure, applied here and nowhere else.
  const creditsPerHour = grossCreditsPerHour * (1 - rules.feeRate);
  const creditsPerDay = creditsPerHour * hoursPerDay;
  const creditsPerMonth = detailMonthlyCredits(creditsPerDay);
  return {
    kind: 'runs',
    workload,
    fit: r.fit,
    fitReason: r.fitReason,
    throughput:
      r.tokensPerSecond === null
        ? { kind: 'jobs', jobsPerHour: r.jobsPerHour }
        : { kind: 'tokens', tokensPerSecond: r.tokensPerSecond },
    jobsPerHour: r.jobsPerHour,
    grossCreditsPerHour,
    creditsPerHour,
    creditsPerHourShown: Math.round(creditsPerHour),
    creditsPerDay,
    creditsPerMonth,
    usdPerMonth: usdText(creditsPerMonth, rules),
  };
}
