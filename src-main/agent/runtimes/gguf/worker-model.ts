// Inside the inference process: loads node-llama-cpp (only here, never in the Island's own
// process), the one model this process hosts and a context with a sequence per concurrent job,
// and says how chat messages will be rendered.
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { errorMessage } from '../../../../src-shared/errors';
import { chooseThreads } from '../../../../src-shared/domain/gguf/threads';
import type { LoadedInfo, ParentMessage } from './worker-protocol';

export type NodeLlamaCpp = typeof NodeLlamaCppModule;
export type LoadRequest = Extract<ParentMessage, { type: 'load' }>;
export type WorkerLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface LoadedModel {
  lib: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  /** The model's own chat template, or null: ChatML (chatml.ts). */
  chatWrapper: ChatWrapper | null;
  info: LoadedInfo;
  /** Sequences not in use; each keeps its last prompt's KV cache for the next job to reuse. */
  freeSequences: LlamaContextSequence[];
}

export type LoadResult = { ok: true; loaded: LoadedModel } | { ok: false; reason: 'binary' | 'model'; error: string };

/** llama.cpp's "error loading model: …" explains the bare "Failed to load model" that follows it. */
function withCause(err: unknown, errorLines: readonly string[]): string {
  const message = errorMessage(err);
  const cause = [...errorLines].reverse().find((l) => /error loading model|failed to|error:/i.test(l));
  if (!cause) return message;
  return `${message}: ${cause.replace(/^llama_model_load:\s*/, '').replace(/^error loading model:\s*/, '')}`;
}

export async function loadModel(req: LoadRequest, log: WorkerLog): Promise<LoadResult> {
  const started = performance.now();
  let lib: NodeLlamaCpp;
  try {
    lib = await import('node-llama-cpp');
  } catch (err) {
    return { ok: false, reason: 'binary', error: `node-llama-cpp cannot be loaded: ${errorMessage(err)}` };
  }
  const errorLines: string[] = [];
  let llama: Llama;
  try {
    llama = await lib.getLlama({
      gpu: req.gpu,
      // Never compile llama.cpp on an owner's machine: a prebuilt binary or nothing.
      build: 'never',
      progressLogs: false,
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (text === '') return;
        const error = level === lib.LlamaLogLevel.error || level === lib.LlamaLogLevel.fatal;
        if (error) errorLines.splice(0, Math.max(0, errorLines.length - 20), text);
        log(error ? 'error' : level === lib.LlamaLogLevel.warn ? 'warn' : 'debug', text);
      },
    });
  } catch (err) {
    return { ok: false, reason: 'binary', error: `node-llama-cpp has no working native library for ${process.platform}-${process.arch} (gpu: ${req.gpu}): ${errorMessage(err)}` };
  }
  const threads = chooseThreads({ mathCores: llama.cpuMathCores, override: req.threads ?? undefined });
  // The library's thread budget, not only the context's hint (its default is max(4, cores)).
  llama.maxThreads = threads;
  try {
    const model = await llama.loadModel({
      modelPath: req.modelPath,
      // Fitted against the free VRAM with room for every sequence's KV cache.
      gpuLayers: llama.gpu === false ? 0 : { fitContext: { contextSize: req.contextSize * req.sequences } },
    });
    const context = await model.createContext({ contextSize: req.contextSize, sequences: req.sequences, threads });
    const chatWrapper = model.fileInfo.metadata.tokenizer?.chat_template ? lib.resolveChatWrapper(model) : null;
    const info: LoadedInfo = {
      loadMs: Math.round(performance.now() - started),
      threads,
      gpu: llama.gpu,
      gpuLayers: model.gpuLayers,
      contextSize: context.contextSize,
      sequences: context.totalSequences,
      chatFormat: chatWrapper ? `template:${chatWrapper.wrapperName}` : 'chatml',
      llamaCpp: llama.llamaCppRelease.release,
    };
    return { ok: true, loaded: { lib, llama, model, context, chatWrapper, info, freeSequences: [] } };
  } catch (err) {
    await llama.dispose().catch(() => undefined);
    return { ok: false, reason: 'model', error: withCause(err, errorLines) };
  }
}

export function takeSequence(m: LoadedModel): LlamaContextSequence {
  const seq = m.freeSequences.pop();
  if (seq) return seq;
  if (m.context.sequencesLeft === 0) throw new Error(`all ${m.context.totalSequences} sequences of the context are in use`);
  return m.context.getSequence();
}

export function returnSequence(m: LoadedModel, seq: LlamaContextSequence): void {
  if (!seq.disposed) m.freeSequences.push(seq);
}
