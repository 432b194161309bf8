// The size and layout an image model wants, read from its first input's shape: NCHW or NHWC,
// 3 or 1 channels, and each static dimension as it is. The Rust Island resizes to 640×640
// whatever the model says (§8.2); a model with a 48-pixel-high input gets 48 pixels here. A
// dynamic side takes the job's input.width / input.height, else follows the other side's aspect
// ratio, else a default per task.
import type { OnnxTask } from './tasks';

export type Dim = number | string;

export interface ImagePlan {
  layout: 'nchw' | 'nhwc';
  channels: 1 | 3;
  width: number;
  height: number;
  /** Detection keeps the aspect ratio and pads (YOLO's letterbox); the rest stretch. */
  resize: 'letterbox' | 'stretch';
}

export type PlanResult = { ok: true; plan: ImagePlan } | { ok: false; error: string };

/** Used when both sides are dynamic: YOLO's 640 for detection and segmentation, 224 for classifiers. */
export function defaultSide(task: OnnxTask): number {
  return task === 'image-classification' ? 224 : 640;
}

/** A dynamic side computed from the aspect ratio is kept within this. */
export const MAX_DYNAMIC_SIDE = 2048;

const isStatic = (d: Dim | undefined): d is number => typeof d === 'number' && d > 0;

/** Sizes the job asked for; used only where the model's dimension is dynamic. */
export interface RequestedSize {
  width: number | null;
  height: number | null;
}

export function planImageInput(dims: readonly Dim[], task: OnnxTask, source: { width: number; height: number }, requested: RequestedSize = { width: null, height: null }): PlanResult {
  if (dims.length !== 4) return { ok: false, error: `the model's image input must have 4 dimensions ([1, 3, H, W] or [1, H, W, 3]), it has [${dims.join(', ')}]` };
  const [batch, d1, d2, d3] = dims as [Dim, Dim, Dim, Dim];
  if (isStatic(batch) && batch !== 1) return { ok: false, error: `the model's image input has a fixed batch of ${batch}; the Island sends one image` };
  const channelDim = (d: Dim) => d === 3 || d === 1;
  const nhwc = channelDim(d3) && !channelDim(d1);
  const channels = (nhwc ? d3 : d1) === 1 ? 1 : 3;
  if (!nhwc && isStatic(d1) && !channelDim(d1)) return { ok: false, error: `the model's image input has ${d1} channels; the Island can feed 3 (RGB) or 1 (grey)` };
  const [dh, dw] = nhwc ? [d1, d2] : [d2, d3];
  const h = isStatic(dh) ? dh : (requested.height ?? dh);
  const w = isStatic(dw) ? dw : (requested.width ?? dw);
  let width: number;
  let height: number;
  if (isStatic(h) && isStatic(w)) [width, height] = [w, h];
  else if (isStatic(h)) [width, height] = [aspectSide(h, source.width, source.height), h];
  else if (isStatic(w)) [width, height] = [w, aspectSide(w, source.height, source.width)];
  else width = height = defaultSide(task);
  return { ok: true, plan: { layout: nhwc ? 'nhwc' : 'nchw', channels, width, height, resize: task === 'object-detection' ? 'letterbox' : 'stretch' } };
}

function aspectSide(fixed: number, along: number, across: number): number {
  return Math.min(MAX_DYNAMIC_SIDE, Math.max(1, Math.round((fixed * along) / across)));
}
