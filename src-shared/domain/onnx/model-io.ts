// What a loaded model takes and gives (names, element types, dimensions), checked against what
// the task will feed it. A mismatch fails the job with the model's real inputs spelled out, so a
// Cargo author sees at once why the model does not fit the task.
import type { Dim } from './image-input';
import type { OnnxTask } from './tasks';

export interface TensorInfo {
  name: string;
  /** onnxruntime's element type name: float32, int64, ... ('non-tensor' for maps and sequences). */
  type: string;
  dims: Dim[];
}

export function describeTensors(list: readonly TensorInfo[]): string {
  if (list.length === 0) return '(none)';
  return list.map((t) => `${t.name}: ${t.type} [${t.dims.join(', ')}]`).join('; ');
}

export type TextSource = 'ids' | 'mask' | 'types' | 'positions';

export interface TextFeed {
  name: string;
  source: TextSource;
  type: 'int64' | 'int32';
}

export interface TextFeedPlan {
  feeds: TextFeed[];
  /** A static sequence length: shorter encodings are padded to it, longer ones truncated. */
  fixedLength: number | null;
}

const TEXT_INPUTS: Record<string, TextSource> = {
  input_ids: 'ids',
  attention_mask: 'mask',
  token_type_ids: 'types',
  position_ids: 'positions',
};

export type Planned<T> = { ok: true; plan: T } | { ok: false; error: string };

function textMismatch(task: OnnxTask, inputs: readonly TensorInfo[], why: string): { ok: false; error: string } {
  return {
    ok: false,
    error: `${why}. The model's inputs are ${describeTensors(inputs)}; ${task} feeds input_ids (int64 or int32, [1, seq]) with attention_mask, and token_type_ids and position_ids when the model has them`,
  };
}

export function planTextFeeds(inputs: readonly TensorInfo[], task: OnnxTask): Planned<TextFeedPlan> {
  if (!inputs.some((i) => i.name === 'input_ids')) return textMismatch(task, inputs, 'the model has no input_ids input');
  const feeds: TextFeed[] = [];
  let fixedLength: number | null = null;
  for (const input of inputs) {
    const source = TEXT_INPUTS[input.name];
    if (!source) return textMismatch(task, inputs, `the model's input ${input.name} is not one a text task can fill`);
    if (input.type !== 'int64' && input.type !== 'int32') return textMismatch(task, inputs, `${input.name} is ${input.type}, not an integer tensor`);
    if (input.dims.length !== 2) return textMismatch(task, inputs, `${input.name} has ${input.dims.length} dimensions, not 2`);
    const [batch, seq] = input.dims as [Dim, Dim];
    if (typeof batch === 'number' && batch !== 1) return textMismatch(task, inputs, `${input.name} has a fixed batch of ${batch}; the Island sends one text`);
    if (typeof seq === 'number' && seq > 0) {
      if (fixedLength !== null && fixedLength !== seq) return textMismatch(task, inputs, `the inputs disagree on the sequence length (${fixedLength} and ${seq})`);
      fixedLength = seq;
    }
    feeds.push({ name: input.name, source, type: input.type });
  }
  return { ok: true, plan: { feeds, fixedLength } };
}

/** Image tasks feed one float32 image to the model's only input (the Rust Island: the first positional). */
export function planImageFeed(inputs: readonly TensorInfo[], task: OnnxTask): Planned<TensorInfo> {
  const first = inputs[0];
  const explain = (why: string) => ({ ok: false as const, error: `${why}. The model's inputs are ${describeTensors(inputs)}; ${task} feeds one float32 image [1, 3, H, W] (or [1, H, W, 3])` });
  if (!first) return explain('the model has no inputs');
  if (inputs.length > 1) return explain(`the model takes ${inputs.length} inputs`);
  if (first.type !== 'float32') return explain(`${first.name} is ${first.type}, not float32`);
  return { ok: true, plan: first };
}

/** The outputs a task reads, by name when the model names them the usual way, else by position. */
export function pickOutputs(names: readonly string[], task: OnnxTask): string[] {
  if (task === 'question-answering') {
    const start = names.find((n) => /start/i.test(n)) ?? names[0];
    const end = names.find((n) => /end/i.test(n)) ?? names[1];
    return start !== undefined && end !== undefined ? [start, end] : [];
  }
  return names.length > 0 ? [names[0]!] : [];
}
