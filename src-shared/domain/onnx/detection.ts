// Object detection output (§8.2): rows of [xc, yc, w, h, ...] in the model's input pixels, in
// one of the layouts detectors are exported with, filtered by confidence, de-duplicated by
// per-class non-maximum suppression, and mapped back to the original image's pixels.
import type { Numbers } from './tensor-math';
import type { Placement } from './image-tensor';

export interface Detection {
  x_center: number;
  y_center: number;
  width: number;
  height: number;
  confidence: number;
  class_id: number;
}

/**
 * - `rows`: [1, N, 6] = [xc, yc, w, h, confidence, class_id] (the Rust Island's reading), or
 *   [1, N, 5] without a class.
 * - `yolov5`: [1, N, 5 + C] = box, objectness, one score per class (confidence = obj × best).
 * - `yolov8`: [1, 4 + C, N] = one column per anchor, box then class scores, no objectness.
 *   The Rust Island misreads it as 84 rows of 8400 values.
 */
export type DetectionLayout = 'rows' | 'yolov5' | 'yolov8';

export function detectLayout(dims: readonly number[]): DetectionLayout {
  if (dims.length !== 3 || dims[0] !== 1) throw new Error(`object-detection expects output [1, N, 6] or YOLOv8's [1, 4+classes, anchors], the model gives [${dims.join(', ')}]`);
  const [, a, b] = dims as [number, number, number];
  // Anchors far outnumber box fields + classes, so the longer axis is the anchors.
  if (a >= 5 && a < b) return 'yolov8';
  if (b < 5) throw new Error(`object-detection rows need at least 5 values (x, y, w, h, confidence); the model gives [${dims.join(', ')}]`);
  return b <= 6 ? 'rows' : 'yolov5';
}

export interface DetectionOptions {
  threshold: number;
  iouThreshold: number;
  maxDetections: number;
}

/** Candidates above the threshold, in model-input pixels. */
export function readCandidates(values: Numbers, dims: readonly number[], threshold: number): Detection[] {
  const layout = detectLayout(dims);
  const [, a, b] = dims as [number, number, number];
  const out: Detection[] = [];
  const push = (xc: number, yc: number, w: number, h: number, confidence: number, classId: number) => {
    if (confidence >= threshold) out.push({ x_center: xc, y_center: yc, width: w, height: h, confidence, class_id: classId });
  };
  if (layout === 'yolov8') {
    const classes = a - 4;
    const at = (field: number, anchor: number) => values[field * b + anchor]!;
    for (let n = 0; n < b; n++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (at(4 + c, n) > at(4 + best, n)) best = c;
      push(at(0, n), at(1, n), at(2, n), at(3, n), at(4 + best, n), best);
    }
    return out;
  }
  for (let n = 0; n < a; n++) {
    const row = (k: number) => values[n * b + k]!;
    if (layout === 'rows') {
      push(row(0), row(1), row(2), row(3), row(4), b === 6 ? Math.round(row(5)) : 0);
      continue;
    }
    let best = 0;
    for (let c = 1; c < b - 5; c++) if (row(5 + c) > row(5 + best)) best = c;
    push(row(0), row(1), row(2), row(3), row(4) * row(5 + best), best);
  }
  return out;
}

export function iou(p: Detection, q: Detection): number {
  const ix = Math.max(0, Math.min(p.x_center + p.width / 2, q.x_center + q.width / 2) - Math.max(p.x_center - p.width / 2, q.x_center - q.width / 2));
  const iy = Math.max(0, Math.min(p.y_center + p.height / 2, q.y_center + q.height / 2) - Math.max(p.y_center - p.height / 2, q.y_center - q.height / 2));
  const inter = ix * iy;
  const union = p.width * p.height + q.width * q.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy per-class NMS: best first; a box overlapping a kept one of its class by more than `iouThreshold` goes. */
export function nonMaxSuppression(candidates: readonly Detection[], iouThreshold: number, maxDetections: number): Detection[] {
  const sorted = [...candidates].sort((p, q) => q.confidence - p.confidence);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    if (kept.every((k) => k.class_id !== d.class_id || iou(k, d) <= iouThreshold)) kept.push(d);
  }
  return kept;
}

/** From the model's input pixels back to the original image's, clipped to the image. */
export function toImagePixels(d: Detection, place: Placement, image: { width: number; height: number }): Detection {
  const sx = place.width / image.width;
  const sy = place.height / image.height;
  const x0 = clamp((d.x_center - d.width / 2 - place.padX) / sx, image.width);
  const x1 = clamp((d.x_center + d.width / 2 - place.padX) / sx, image.width);
  const y0 = clamp((d.y_center - d.height / 2 - place.padY) / sy, image.height);
  const y1 = clamp((d.y_center + d.height / 2 - place.padY) / sy, image.height);
  return { ...d, x_center: (x0 + x1) / 2, y_center: (y0 + y1) / 2, width: x1 - x0, height: y1 - y0 };
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}

export function decodeDetections(values: Numbers, dims: readonly number[], opts: DetectionOptions, place: Placement, image: { width: number; height: number }): Detection[] {
  const kept = nonMaxSuppression(readCandidates(values, dims, opts.threshold), opts.iouThreshold, opts.maxDetections);
  return kept.map((d) => toImagePixels(d, place, image));
}
