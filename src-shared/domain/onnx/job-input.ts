// A job's `input` checked against what its task needs (§8.2), before anything is downloaded:
// a missing field fails the job at once with the field named, not after a model download.
import type { OnnxTask } from './tasks';

export interface ImageOptions {
  /** Detection: minimum confidence (default 0.5, as the Rust Island). */
  threshold: number;
  /** Detection: IoU above which a lower-scored box of the same class is dropped. */
  iouThreshold: number;
  maxDetections: number;
  /** Per-channel (R, G, B) normalisation of pixel/255: (v − mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  /** The input size for a model whose input dimensions are dynamic (static ones always win). */
  width: number | null;
  height: number | null;
}

export type TaskInput =
  | { kind: 'text'; text: string; normalize: boolean }
  | { kind: 'zero-shot'; text: string; candidateLabels: string[] | null; template: string; multiLabel: boolean }
  | { kind: 'qa'; question: string; context: string }
  | { kind: 'image'; imageBase64: string; options: ImageOptions };

export type InputParse = { ok: true; value: TaskInput } | { ok: false; error: string };

export const DEFAULT_IMAGE_OPTIONS: ImageOptions = {
  threshold: 0.5,
  iouThreshold: 0.45,
  maxDetections: 300,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  width: null,
  height: null,
};

export const DEFAULT_ZERO_SHOT_TEMPLATE = 'This example is {}.';

type Fields = Record<string, unknown>;

class InputError extends Error {}

export function parseTaskInput(task: OnnxTask, input: unknown): InputParse {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new InputError(`${task} needs input to be a JSON object, got ${describe(input)}`);
    }
    return { ok: true, value: parseFields(task, input as Fields) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, error: err.message };
    throw err;
  }
}

function parseFields(task: OnnxTask, f: Fields): TaskInput {
  switch (task) {
    case 'question-answering':
      return { kind: 'qa', question: requiredText(task, f, 'question'), context: requiredText(task, f, 'context') };
    case 'object-detection':
    case 'image-segmentation':
    case 'image-classification':
      return { kind: 'image', imageBase64: base64Image(task, f), options: imageOptions(f) };
    case 'zero-shot-classification':
      return {
        kind: 'zero-shot',
        text: requiredText(task, f, 'text'),
        candidateLabels: candidateLabels(f),
        template: optionalTemplate(f),
        multiLabel: optionalBoolean(f, 'multi_label', false),
      };
    default:
      return { kind: 'text', text: requiredText(task, f, 'text'), normalize: optionalBoolean(f, 'normalize', false) };
  }
}

function requiredText(task: OnnxTask, f: Fields, key: string): string {
  const v = f[key];
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${task} requires input.${key} (a non-empty string), got ${describe(v)}`);
  return v;
}

function optionalBoolean(f: Fields, key: string, fallback: boolean): boolean {
  const v = f[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new InputError(`input.${key} must be true or false, got ${describe(v)}`);
  return v;
}

function candidateLabels(f: Fields): string[] | null {
  const v = f['candidate_labels'];
  if (v === undefined || v === null) return null;
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || list.some((l) => typeof l !== 'string')) {
    throw new InputError(`input.candidate_labels must be a list of strings or a comma-separated string, got ${describe(v)}`);
  }
  const labels = (list as string[]).map((l) => l.trim()).filter((l) => l !== '');
  if (labels.length === 0) throw new InputError('input.candidate_labels is empty');
  return labels;
}

function optionalTemplate(f: Fields): string {
  const v = f['hypothesis_template'];
  if (v === undefined || v === null) return DEFAULT_ZERO_SHOT_TEMPLATE;
  if (typeof v !== 'string' || !v.includes('{}')) throw new InputError(`input.hypothesis_template must be a string containing "{}", got ${describe(v)}`);
  return v;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Image(task: OnnxTask, f: Fields): string {
  const v = f['image'];
  if (typeof v !== 'string' || v === '') throw new InputError(`${task} requires input.image (a base64 PNG or JPEG), got ${describe(v)}`);
  // A data URL ("data:image/png;base64,....") is accepted as well as bare base64.
  const body = v.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (body.length % 4 !== 0 || !BASE64.test(body)) throw new InputError('input.image is not valid base64 (standard alphabet, padded)');
  return body;
}

function imageOptions(f: Fields): ImageOptions {
  return {
    threshold: unitNumber(f, 'threshold', DEFAULT_IMAGE_OPTIONS.threshold),
    iouThreshold: unitNumber(f, 'iou_threshold', DEFAULT_IMAGE_OPTIONS.iouThreshold),
    maxDetections: positiveInteger(f, 'max_detections', DEFAULT_IMAGE_OPTIONS.maxDetections),
    mean: triple(f, 'mean', DEFAULT_IMAGE_OPTIONS.mean, false),
    std: triple(f, 'std', DEFAULT_IMAGE_OPTIONS.std, true),
    width: optionalSide(f, 'width'),
    height: optionalSide(f, 'height'),
  };
}

function unitNumber(f: Fields, key: string, fallback: number): number {
  const v = f[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new InputError(`input.${key} must be a number from 0 to 1, got ${describe(v)}`);
  return v;
}

function positiveInteger(f: Fields, key: string, fallback: number): number {
  const v = f[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`input.${key} must be a positive integer, got ${describe(v)}`);
  return v;
}

function optionalSide(f: Fields, key: string): number | null {
  const v = f[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_SIDE) throw new InputError(`input.${key} must be a whole number of pixels from 1 to ${MAX_SIDE}, got ${describe(v)}`);
  return v;
}

const MAX_SIDE = 4096;

function triple(f: Fields, key: string, fallback: [number, number, number], positive: boolean): [number, number, number] {
  const v = f[key];
  if (v === undefined || v === null) return fallback;
  const ok = Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0));
  if (!ok) throw new InputError(`input.${key} must be three ${positive ? 'positive ' : ''}numbers (R, G, B), got ${describe(v)}`);
  return v as [number, number, number];
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string "${v.slice(0, 40)}…"` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
