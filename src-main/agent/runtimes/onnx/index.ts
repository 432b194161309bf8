// The ONNX runtime (`runtime_type: "onnx"`). The lead wires it into create-runtimes.ts.
import type { ModelStore } from '../../models/model-store';
import type { RuntimeContext } from '../create-runtimes';
import { OnnxRuntime } from './onnx-runtime';
import type { OnnxRuntimeOptions } from './options';

export { OnnxRuntime } from './onnx-runtime';
export type { OnnxRuntimeDeps } from './onnx-runtime';
export type { OnnxRuntimeOptions } from './options';

export function createOnnxRuntime(ctx: RuntimeContext & { models: ModelStore }, opts: OnnxRuntimeOptions = {}): OnnxRuntime {
  const runtime = new OnnxRuntime({ models: ctx.models, log: ctx.log.child('onnx'), events: ctx.events }, opts);
  ctx.log.child('onnx').info('onnx runtime', {
    available: runtime.availability().available,
    providers: runtime.providers.providers.join(','),
    why: runtime.providers.reason,
    threads: runtime.threads,
  });
  return runtime;
}
