// The closest estimator GPUs to a name that matched none: shared words first, then nearby model
// numbers (3050 is near 3060, H200 near H100), then similar memory.

import type { GpuNameParts } from './gpu-name';
import type { EstimatorGpu } from './types';

export interface SuggestionCandidate {
  gpu: EstimatorGpu;
  parts: GpuNameParts;
}

const MAX_SUGGESTIONS = 3;

/** "rtx" → rtx/null; "4090" → ""/4090; "m2" → m/2; "l40s" → l/40/s; "a6000" → a/6000. */
function splitWord(word: string): { prefix: string; n: number | null; suffix: string } {
  const m = /^([a-z]*)(\d+)([a-z]*)$/.exec(word);
  if (m?.[1] === undefined || m[2] === undefined || m[3] === undefined) return { prefix: word, n: null, suffix: '' };
  return { prefix: m[1], n: Number(m[2]), suffix: m[3] };
}

/**
 * How much two words say the GPUs are alike. The model number carries the identity (4 when equal);
 * a shared brand or suffix word ("rtx", "ti") says little (1). A nearby number with the same
 * prefix scores up to 2, falling off steeply so the next model (3050 → 3060) counts and another
 * generation (3050 → 4080) barely.
 */
function wordAffinity(a: string, b: string): number {
  const wa = splitWord(a);
  const wb = splitWord(b);
  if (a === b) return wa.n === null ? 1 : 4;
  if (wa.n === null || wb.n === null || wa.prefix !== wb.prefix) return 0;
  const closeness = (1 - Math.abs(wa.n - wb.n) / Math.max(wa.n, wb.n, 1)) ** 2;
  return 2 * closeness * (wa.suffix === wb.suffix ? 1 : 0.75);
}

function nameScore(detected: readonly string[], entry: readonly string[]): number {
  let score = 0;
  for (const d of detected) score += Math.max(0, ...entry.map((e) => wordAffinity(d, e)));
  // Words of the entry that nothing in the name resembles ("ti", "super") make it a worse guess.
  const foreign = entry.filter((e) => detected.every((d) => wordAffinity(d, e) === 0)).length;
  return score - 0.5 * foreign;
}

/** 1 for the same memory, falling off with the ratio (twice or half as much → 1/3). */
function vramScore(vramMb: number | null, gpu: EstimatorGpu): number {
  if (vramMb === null || vramMb <= 0 || gpu.vramGb <= 0) return 0;
  return 1 / (1 + 2 * Math.abs(Math.log2(vramMb / 1024 / gpu.vramGb)));
}

export function suggestGpus(
  parts: GpuNameParts,
  vramMb: number | null,
  candidates: readonly SuggestionCandidate[],
): readonly EstimatorGpu[] {
  const scored = candidates
    .map((c, order) => ({
      gpu: c.gpu,
      order,
      score: Math.max(0, nameScore(parts.tokens, c.parts.tokens)) + vramScore(vramMb, c.gpu),
    }))
    .filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.gpu);
}
