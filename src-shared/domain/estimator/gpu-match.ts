// Maps the GPU the Island detected to the estimator's entry, so the screen can preselect it. A
// name matches only when its identifying words are exactly an entry's; memory then picks between
// variants (A100 40GB / 80GB) and is reported when it disagrees (RTX 3080 12GB, Apple chips with
// more unified memory). Anything else is unmatched, with the closest entries to offer instead.

import { parseGpuName, nameKey, type GpuNameParts } from './gpu-name';
import { suggestGpus, type SuggestionCandidate } from './gpu-suggest';
import { CPU_ONLY_GPU_ID, ESTIMATOR_GPUS, findEstimatorGpu } from './gpus';
import { EstimatorInputError } from './input';
import type { DetectedGpu, EstimatorGpu, GpuMatch } from './types';

/** Within 10 %: nvidia-smi's MiB totals sit a little under the marketed size (T4: 15360 MiB). */
const VRAM_TOLERANCE = 0.1;

const CANDIDATES: readonly SuggestionCandidate[] = ESTIMATOR_GPUS.filter((g) => g.id !== CPU_ONLY_GPU_ID).map(
  (gpu) => ({ gpu, parts: parseGpuName(gpu.name) }),
);

const BY_KEY = new Map<string, EstimatorGpu[]>();
for (const c of CANDIDATES) {
  const key = nameKey(c.parts);
  BY_KEY.set(key, [...(BY_KEY.get(key) ?? []), c.gpu]);
}

function vramAgrees(vramMb: number, gpu: EstimatorGpu): boolean {
  return Math.abs(vramMb / 1024 - gpu.vramGb) <= VRAM_TOLERANCE * gpu.vramGb;
}

function vramStatus(vramMb: number | null, gpu: EstimatorGpu): 'as-listed' | 'differs' | 'unknown' {
  if (vramMb === null) return 'unknown';
  return vramAgrees(vramMb, gpu) ? 'as-listed' : 'differs';
}

function checkDetected(detected: DetectedGpu): void {
  if (detected.name !== null && typeof detected.name !== 'string') {
    throw new EstimatorInputError('name', `must be a GPU name or null, got ${typeof detected.name}`);
  }
  const v = detected.vramMb;
  if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    throw new EstimatorInputError('vramMb', `must be megabytes (0 or more) or null, got ${String(v)}`);
  }
}

/** One of several same-named variants: the size the name states, else the nearest memory. */
function pickVariant(variants: readonly EstimatorGpu[], parts: GpuNameParts, vramMb: number | null): GpuMatch | null {
  const bySize = variants.find((g) => g.vramGb === parts.sizeGb);
  if (bySize !== undefined) return { kind: 'matched', gpu: bySize, basis: 'name', vram: vramStatus(vramMb, bySize) };
  if (vramMb === null) return null;
  const nearest = variants.find((g) => vramAgrees(vramMb, g));
  return nearest === undefined ? null : { kind: 'matched', gpu: nearest, basis: 'name-and-vram', vram: 'as-listed' };
}

export function matchDetectedGpu(detected: DetectedGpu): GpuMatch {
  checkDetected(detected);
  const { vramMb } = detected;
  if (detected.name === null || detected.name.trim() === '') {
    const cpu = findEstimatorGpu(CPU_ONLY_GPU_ID);
    if (cpu === null) throw new Error('the estimator has no CPU-only entry');
    return { kind: 'matched', gpu: cpu, basis: 'no-gpu', vram: 'unknown' };
  }
  const parts = parseGpuName(detected.name);
  if (parts.laptop) return { kind: 'unmatched', reason: 'laptop', suggestions: suggestGpus(parts, vramMb, CANDIDATES) };
  const variants = BY_KEY.get(nameKey(parts)) ?? [];
  const [only] = variants;
  if (only === undefined) {
    return { kind: 'unmatched', reason: 'unknown-model', suggestions: suggestGpus(parts, vramMb, CANDIDATES) };
  }
  if (variants.length === 1) return { kind: 'matched', gpu: only, basis: 'name', vram: vramStatus(vramMb, only) };
  // Only the same-named variants are worth offering: the name said which GPU it is.
  const among = CANDIDATES.filter((c) => variants.includes(c.gpu));
  return pickVariant(variants, parts, vramMb) ?? { kind: 'unmatched', reason: 'ambiguous', suggestions: suggestGpus(parts, vramMb, among) };
}
