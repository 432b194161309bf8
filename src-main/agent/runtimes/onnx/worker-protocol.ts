// The messages between the ONNX runtime and its inference process (onnx-worker.ts), over the
// child_process IPC channel. Each side decodes what it receives against these schemas: the child
// runs native code on models from the network, so nothing it says is trusted unchecked, and a
// malformed message is a named error, never a crash.
import { z } from 'zod';
import { decodeWith, type Decoded } from '../child-protocol';
import { ONNX_TASKS } from '../../../../src-shared/domain/onnx/tasks';

const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ms = z.number().min(0);
const path = z.string().min(1).max(4096);
const text = z.string().max(4096);
const provider = z.enum(['cuda', 'cpu']);
const triple = z.tuple([z.number(), z.number(), z.number()]);

const tensorInfo = z.strictObject({
  name: z.string().max(1024),
  type: z.string().max(32),
  dims: z.array(z.union([z.number().int(), z.string().max(256)])).max(16),
});

const taskInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string(), normalize: z.boolean() }),
  z.strictObject({
    kind: z.literal('zero-shot'),
    text: z.string(),
    candidateLabels: z.array(z.string()).nullable(),
    template: z.string(),
    multiLabel: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('qa'), question: z.string(), context: z.string() }),
  z.strictObject({
    kind: z.literal('image'),
    imageBase64: z.string(),
    options: z.strictObject({
      threshold: z.number().min(0).max(1),
      iouThreshold: z.number().min(0).max(1),
      maxDetections: z.number().int().min(1),
      mean: triple,
      std: triple,
      width: z.number().int().min(1).nullable(),
      height: z.number().int().min(1).nullable(),
    }),
  }),
]);

const parentMessage = z.discriminatedUnion('type', [
  /** The one model this process hosts; sent once, first. */
  z.strictObject({ type: z.literal('load'), modelPath: path, providers: z.array(provider).min(1), threads: z.number().int().min(1).max(256) }),
  z.strictObject({
    type: z.literal('run'),
    id,
    task: z.enum(ONNX_TASKS),
    input: taskInput,
    /** Companion files, each optional: tokenizer.json, tokenizer_config.json, config.json. */
    files: z.strictObject({ tokenizer: path.nullable(), tokenizerConfig: path.nullable(), config: path.nullable() }),
  }),
]);

const childMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('loaded'),
    provider,
    /** Why the preferred provider was not used (CUDA failed to start), or null. */
    fallback: text.nullable(),
    loadMs: ms,
    ortVersion: z.string().max(64),
    inputs: z.array(tensorInfo).max(256),
    outputs: z.array(tensorInfo).max(256),
  }),
  /** `runtime`: onnxruntime-node cannot run on this machine; `model`: this file cannot be used. */
  z.strictObject({ type: z.literal('load-failed'), reason: z.enum(['runtime', 'model']), error: text }),
  z.strictObject({ type: z.literal('result'), id, output: z.record(z.string(), z.unknown()), runMs: ms }),
  z.strictObject({ type: z.literal('failed'), id, error: text }),
  z.strictObject({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn']), message: text, fields: z.record(z.string(), z.unknown()).optional() }),
]);

export type TensorInfoMessage = z.infer<typeof tensorInfo>;
export type ParentMessage = z.infer<typeof parentMessage>;
export type RunMessage = Extract<ParentMessage, { type: 'run' }>;
export type ChildMessage = z.infer<typeof childMessage>;
export type LoadedMessage = Extract<ChildMessage, { type: 'loaded' }>;

export type { Decoded };

export function decodeParentMessage(raw: unknown): Decoded<ParentMessage> {
  return decodeWith(parentMessage, raw, 'Island');
}

export function decodeChildMessage(raw: unknown): Decoded<ChildMessage> {
  return decodeWith(childMessage, raw, 'ONNX inference process');
}

/** Error texts cross the boundary capped (the schema's 4096), with the cut marked. */
export function capText(s: string, max = 4096): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
