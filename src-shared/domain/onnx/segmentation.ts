// Image segmentation (§8.2): the Rust Island reports the output's shape only. Here a
// [1, classes, H, W] output (or [1, 1, H, W] foreground logits) is also summarised: which
// classes cover how much of the picture.
import { labelFor, type LabelMap } from './labels';
import type { Numbers } from './tensor-math';

export interface ClassCoverage {
  class_id: number;
  label: string;
  pixels: number;
  fraction: number;
}

/** Per-class pixel counts of the argmax mask, largest first; null when the output is not [1, C, H, W]. */
export function classCoverage(values: Numbers, dims: readonly number[], labels: LabelMap | null): ClassCoverage[] | null {
  if (dims.length !== 4 || dims[0] !== 1) return null;
  const [, classes, h, w] = dims as [number, number, number, number];
  const plane = h * w;
  if (plane === 0 || values.length < classes * plane) return null;
  const counts = new Array<number>(Math.max(classes, 2)).fill(0);
  // One channel: foreground above 0.5 when the values are probabilities, above 0 when logits.
  const cut = classes === 1 && isProbability(values, plane) ? 0.5 : 0;
  for (let p = 0; p < plane; p++) {
    if (classes === 1) {
      counts[values[p]! > cut ? 1 : 0]! += 1;
      continue;
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[c * plane + p]! > values[best * plane + p]!) best = c;
    counts[best]! += 1;
  }
  return counts
    .map((pixels, classId) => ({ class_id: classId, label: labelFor(labels, classId), pixels, fraction: pixels / plane }))
    .filter((c) => c.pixels > 0)
    .sort((a, b) => b.pixels - a.pixels || a.class_id - b.class_id);
}

function isProbability(values: Numbers, n: number): boolean {
  for (let i = 0; i < n; i++) if (values[i]! < 0 || values[i]! > 1) return false;
  return true;
}

/** §8.2: num_classes is shape[1], or 1 for an output with fewer dimensions. */
export function numClasses(dims: readonly number[]): number {
  return dims.length > 1 ? dims[1]! : 1;
}
