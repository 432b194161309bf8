// The GGUF runtime (`runtime_type: "llmcpp"`). The lead wires it into create-runtimes.ts with the
// model cache's ModelStore.
import type { ModelStore } from '../../models/model-store';
import type { RuntimeContext } from '../create-runtimes';
import { GgufRuntime } from './gguf-runtime';
import type { GgufRuntimeOptions } from './options';

export { GgufRuntime } from './gguf-runtime';
export type { GgufRuntimeDeps } from './gguf-runtime';
export type { GgufEvent, LoadedModelView } from './model-pool';
export type { GgufRuntimeOptions } from './options';

export function createGgufRuntime(ctx: RuntimeContext & { models: ModelStore }, opts: GgufRuntimeOptions = {}): GgufRuntime {
  return new GgufRuntime({ models: ctx.models, log: ctx.log.child('gguf'), events: ctx.events }, opts);
}
