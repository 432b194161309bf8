// The part of the WebAssembly JavaScript API this runtime uses. Node has all of it, but its
// types live in lib.dom, which the agent does not compile against (and which a global
// declaration here would clash with if a later tsconfig adds it), so they are spelled out.

/** A compiled module; opaque here. It crosses to a worker thread without being recompiled. */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

export interface WasmExportDescriptor {
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
}

export interface WasmImportDescriptor extends WasmExportDescriptor {
  module: string;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

export interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: {
    exports(module: WasmModule): WasmExportDescriptor[];
    imports(module: WasmModule): WasmImportDescriptor[];
  };
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  CompileError: new (message?: string) => Error;
  LinkError: new (message?: string) => Error;
  RuntimeError: new (message?: string) => Error;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
