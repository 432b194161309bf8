// Small numeric helpers over model outputs. Inputs are plain number arrays or typed arrays.

export type Numbers = ArrayLike<number>;

/** Softmax, computed stably (the maximum is subtracted first). */
export function softmax(values: Numbers): number[] {
  if (values.length === 0) return [];
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Index of the largest value (the first one on ties); -1 for an empty array. */
export function argmax(values: Numbers): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (best === -1 || values[i]! > bestValue) {
      best = i;
      bestValue = values[i]!;
    }
  }
  return best;
}

/** Indices of the `k` largest values, largest first. */
export function topK(values: Numbers, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, Math.max(0, k));
}

/** The vector scaled to unit L2 length (a zero vector is returned unchanged). */
export function l2Normalize(values: Numbers): number[] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  const norm = Math.sqrt(sum);
  return Array.from(values, (v) => (norm > 0 ? v / norm : v));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Product of a shape's dimensions. */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
