// The calculator's `GPU_DB` (product.md §1.9, Table A columns 1–5), in its order: the GPU menu's
// order and the comparison's tie-break. VRAM for Apple chips is unified memory.

import { EstimatorInputError } from './input';
import type { EstimatorGpu, TierKey } from './types';

const CPU_ONLY_NAME = 'CPU only (no GPU)';

/** `NVIDIA RTX 4070 Ti Super` → `nvidia-rtx-4070-ti-super`. */
function idFor(name: string): string {
  if (name === CPU_ONLY_NAME) return 'cpu-only';
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function gpu(name: string, tier: TierKey, vramGb: number, bandwidthGbS: number): EstimatorGpu {
  const label = name === CPU_ONLY_NAME ? name : `${name} (${vramGb} GB)`;
  return { id: idFor(name), name, tier, vramGb, bandwidthGbS, label };
}

export const ESTIMATOR_GPUS: readonly EstimatorGpu[] = [
  gpu('NVIDIA H100', 'enterprise', 80, 3350),
  gpu('NVIDIA A100 80GB', 'enterprise', 80, 2039),
  gpu('NVIDIA A100 40GB', 'enterprise', 40, 1555),
  gpu('NVIDIA L40S', 'enterprise', 48, 864),
  gpu('NVIDIA A40', 'high_end', 48, 696),
  gpu('NVIDIA L4', 'mid_range', 24, 300),
  gpu('NVIDIA T4', 'mid_range', 16, 320),
  gpu('NVIDIA RTX A6000', 'high_end', 48, 768),
  gpu('NVIDIA RTX A5000', 'high_end', 24, 768),
  gpu('NVIDIA RTX A4000', 'mid_range', 16, 448),
  gpu('NVIDIA RTX 5090', 'enterprise', 32, 1792),
  gpu('NVIDIA RTX 5080', 'high_end', 16, 960),
  gpu('NVIDIA RTX 5070 Ti', 'high_end', 16, 896),
  gpu('NVIDIA RTX 5070', 'mid_range', 12, 672),
  gpu('NVIDIA RTX 4090', 'enterprise', 24, 1008),
  gpu('NVIDIA RTX 4080 Super', 'high_end', 16, 736),
  gpu('NVIDIA RTX 4080', 'high_end', 16, 716.8),
  gpu('NVIDIA RTX 4070 Ti Super', 'high_end', 16, 672),
  gpu('NVIDIA RTX 4070 Ti', 'mid_range', 12, 504),
  gpu('NVIDIA RTX 4070 Super', 'mid_range', 12, 504),
  gpu('NVIDIA RTX 4070', 'mid_range', 12, 504),
  gpu('NVIDIA RTX 4060 Ti', 'entry', 8, 288),
  gpu('NVIDIA RTX 4060', 'entry', 8, 272),
  gpu('NVIDIA RTX 3090 Ti', 'high_end', 24, 1008),
  gpu('NVIDIA RTX 3090', 'high_end', 24, 936.2),
  gpu('NVIDIA RTX 3080 Ti', 'high_end', 12, 912.4),
  gpu('NVIDIA RTX 3080', 'mid_range', 10, 760.3),
  gpu('NVIDIA RTX 3070 Ti', 'mid_range', 8, 608.3),
  gpu('NVIDIA RTX 3070', 'mid_range', 8, 448),
  gpu('NVIDIA RTX 3060 Ti', 'entry', 8, 448),
  gpu('NVIDIA RTX 3060', 'entry', 12, 360),
  gpu('NVIDIA RTX 2080 Ti', 'mid_range', 11, 616),
  gpu('NVIDIA RTX 2080 Super', 'mid_range', 8, 496),
  gpu('NVIDIA RTX 2070 Super', 'entry', 8, 448),
  gpu('NVIDIA RTX 2060 Super', 'entry', 8, 448),
  gpu('NVIDIA GTX 1080 Ti', 'entry', 11, 484),
  gpu('NVIDIA GTX 1080', 'entry', 8, 320),
  gpu('NVIDIA GTX 1070', 'entry', 8, 256.3),
  gpu('AMD RX 7900 XTX', 'high_end', 24, 960),
  gpu('AMD RX 7900 XT', 'high_end', 20, 800),
  gpu('AMD RX 7800 XT', 'mid_range', 16, 624),
  gpu('AMD RX 7700 XT', 'mid_range', 12, 432),
  gpu('AMD RX 6900 XT', 'mid_range', 16, 512),
  gpu('AMD RX 6800 XT', 'mid_range', 16, 512),
  gpu('Apple M4 Max', 'high_end', 48, 546),
  gpu('Apple M4 Pro', 'mid_range', 24, 273),
  gpu('Apple M3 Max', 'mid_range', 48, 400),
  gpu('Apple M3 Pro', 'entry', 18, 150),
  gpu('Apple M2 Max', 'mid_range', 32, 400),
  gpu('Apple M2 Pro', 'entry', 16, 200),
  gpu('CPU only (no GPU)', 'cpu_only', 0, 0),
];

export const CPU_ONLY_GPU_ID = 'cpu-only';

const BY_ID = new Map(ESTIMATOR_GPUS.map((g) => [g.id, g]));

/** Every GPU, in menu order. */
export function listEstimatorGpus(): readonly EstimatorGpu[] {
  return ESTIMATOR_GPUS;
}

export function findEstimatorGpu(id: string): EstimatorGpu | null {
  return BY_ID.get(id) ?? null;
}

/** The GPU for an id the caller passed in; an unknown id is an input error. */
export function requireEstimatorGpu(id: unknown): EstimatorGpu {
  if (typeof id !== 'string') throw new EstimatorInputError('gpuId', `must be a GPU id string, got ${typeof id}`);
  const found = BY_ID.get(id);
  if (found === undefined) throw new EstimatorInputError('gpuId', `"${id}" is not a GPU of the estimator (see listEstimatorGpus())`);
  return found;
}
