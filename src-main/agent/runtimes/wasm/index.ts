// The WASM runtime (`runtime_type: "wasm"`). The lead wires it into create-runtimes.ts.
import type { RuntimeContext } from '../create-runtimes';
import type { WasmRuntimeOptions } from './options';
import { WasmRuntime } from './wasm-runtime';

export { WasmRuntime } from './wasm-runtime';
export type { WasmRuntimeDeps } from './wasm-runtime';
export type { WasmRuntimeOptions } from './options';

export function createWasmRuntime(ctx: RuntimeContext, opts: WasmRuntimeOptions = {}): WasmRuntime {
  return new WasmRuntime({ cacheDir: ctx.paths.wasmCache, log: ctx.log.child('wasm'), events: ctx.events }, opts);
}
