// What a task runs with inside the inference process: the model's session, its tokenizer and
// class names when it has them, and a way to note something in the Island's log.
import type { LabelMap } from '../../../../../src-shared/domain/onnx/labels';
import type { OnnxTask } from '../../../../../src-shared/domain/onnx/tasks';
import type { ModelSession } from './session';
import type { TextTokenizer } from './text-tokenizer';

export interface TaskEnv {
  task: OnnxTask;
  session: ModelSession;
  tokenizer: TextTokenizer | null;
  labels: LabelMap | null;
  log(message: string, fields?: Record<string, unknown>): void;
}

/** The JSON object that becomes the job's one output chunk (§4.5.4). */
export type TaskOutput = Record<string, unknown>;
