// Which pipeline an ONNX job runs (island-protocol.md §8.2). The Rust Island sends every task
// but four to text classification; here each task the Island can really do gets its own decoding,
// and only unknown names fall back to text classification (the runtime logs it).

export const ONNX_TASKS = [
  'text-classification',
  'token-classification',
  'zero-shot-classification',
  'fill-mask',
  'feature-extraction',
  'question-answering',
  'object-detection',
  'image-segmentation',
  'image-classification',
] as const;

export type OnnxTask = (typeof ONNX_TASKS)[number];

export type TaskModality = 'text' | 'image';

export interface TaskRoute {
  task: OnnxTask;
  /** The job's onnx_task_type as sent (the default when it was null). */
  requested: string;
  /** False when `requested` is not a task this Island knows: it runs as text classification. */
  known: boolean;
  modality: TaskModality;
}

/** §3.4: a null onnx_task_type means text classification. */
export const DEFAULT_TASK: OnnxTask = 'text-classification';

const IMAGE_TASKS: ReadonlySet<OnnxTask> = new Set(['object-detection', 'image-segmentation', 'image-classification']);

export function isOnnxTask(name: string): name is OnnxTask {
  return (ONNX_TASKS as readonly string[]).includes(name);
}

export function routeTask(taskType: string | null | undefined): TaskRoute {
  const requested = taskType ?? DEFAULT_TASK;
  const task = isOnnxTask(requested) ? requested : DEFAULT_TASK;
  return { task, requested, known: task === requested, modality: IMAGE_TASKS.has(task) ? 'image' : 'text' };
}

/** Text tasks need the model's tokenizer.json (§8.2); image tasks need none. */
export function needsTokenizer(task: OnnxTask): boolean {
  return !IMAGE_TASKS.has(task);
}
