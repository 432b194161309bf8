// The messages between the GGUF runtime and its inference process (gguf-worker.ts), over the
// child_process IPC channel. Both sides decode what they receive against these schemas: the
// child runs native code on files from the network, so the Island trusts nothing it says
// without checking, and a malformed message is a named error, never a crash.
import { z } from 'zod';
import { decodeWith, type Decoded } from '../child-protocol';

const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const gpu = z.union([z.enum(['auto', 'cuda', 'vulkan', 'metal']), z.literal(false)]);

const promptSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({
    kind: z.literal('chat'),
    messages: z.array(z.strictObject({ role: z.string().min(1).max(32), content: z.string() })).min(1),
  }),
]);

const samplingSchema = z.strictObject({
  temperature: z.number().min(0),
  topP: z.number().gt(0).max(1),
  topK: count,
  seed: count,
  stop: z.array(z.string().min(1)),
});

const parentMessageSchema = z.discriminatedUnion('type', [
  /** The one model this process hosts; sent once, first. */
  z.strictObject({
    type: z.literal('load'),
    modelPath: z.string().min(1),
    contextSize: z.number().int().min(1),
    sequences: z.number().int().min(1).max(64),
    /** null: chosen from the CPU's math cores (threads.ts). */
    threads: z.number().int().min(1).nullable(),
    gpu,
  }),
  z.strictObject({ type: z.literal('generate'), id, prompt: promptSchema, maxTokens: z.number().int().min(1), sampling: samplingSchema }),
  z.strictObject({ type: z.literal('cancel'), id }),
  /** Free everything and exit. */
  z.strictObject({ type: z.literal('unload') }),
]);

const loadedInfoSchema = z.strictObject({
  loadMs: z.number().min(0),
  threads: z.number().int().min(1),
  /** The backend in use: "cuda", "vulkan", "metal", or false for the CPU. */
  gpu: z.union([z.string().max(32), z.literal(false)]),
  gpuLayers: count,
  contextSize: count,
  sequences: count,
  /** How chat messages are rendered: the model's own template (by node-llama-cpp's name for it), or ChatML. */
  chatFormat: z.string().max(64),
  llamaCpp: z.string().max(64),
});

const childMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('loaded'), info: loadedInfoSchema }),
  /** `binary`: node-llama-cpp or its native library cannot run here; `model`: this file cannot be used. */
  z.strictObject({ type: z.literal('load-failed'), reason: z.enum(['binary', 'model']), error: z.string().max(4096) }),
  z.strictObject({ type: z.literal('token'), id, text: z.string().min(1).max(65_536) }),
  z.strictObject({
    type: z.literal('done'),
    id,
    promptTokens: count,
    completionTokens: count,
    stopReason: z.enum(['eogToken', 'stopGenerationTrigger', 'customStopTrigger', 'maxTokens', 'abort']),
  }),
  z.strictObject({ type: z.literal('failed'), id, error: z.string().max(4096) }),
  z.strictObject({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string().max(8192) }),
]);

export type GenerationPrompt = z.infer<typeof promptSchema>;
export type GenerationSampling = z.infer<typeof samplingSchema>;
export type ParentMessage = z.infer<typeof parentMessageSchema>;
export type ChildMessage = z.infer<typeof childMessageSchema>;
export type LoadedInfo = z.infer<typeof loadedInfoSchema>;
export type StopReason = Extract<ChildMessage, { type: 'done' }>['stopReason'];

export type { Decoded };

export function decodeParentMessage(raw: unknown): Decoded<ParentMessage> {
  return decodeWith(parentMessageSchema, raw, 'Island');
}

export function decodeChildMessage(raw: unknown): Decoded<ChildMessage> {
  return decodeWith(childMessageSchema, raw, 'inference process');
}
