// Modules are compiled once in the Island's thread and handed to each job's worker: a compiled
// WebAssembly.Module crosses to a worker without being compiled again, so a cached module's
// next job skips compilation entirely. Also where a module is capped (memory, tables) and checked
// for what a WASI command needs before any worker is started, so the job fails with a clear
// reason instead of a crash.
import { errorMessage } from '../../../../src-shared/errors';
import { capModuleHeap } from './heap-limits';
import { capModuleMemory, type MemoryImport } from './memory-limits';
import { WASI_MODULE, WASI_PREVIEW1_FUNCTIONS } from './wasi-preview1';
import { wasmApi, type WasmModule } from './wasm-api';
import { WasmModuleError } from './wasm-binary';

export interface PreparedModule {
  module: WasmModule;
  memoryImport: MemoryImport | null;
  /** Pages the module's memory may reach (null: it has no memory). */
  maxPages: number | null;
}

interface Entry {
  prepared: Promise<PreparedModule>;
  bytes: number;
}

/** A compiled module keeps its bytes and code alive: the cache is bounded by both count and size. */
const MAX_ENTRIES = 8;
const MAX_TOTAL_BYTES = 128 * 1024 * 1024;

export class ModuleCompiler {
  private readonly cache = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(private readonly capPages: number) {}

  /** The module with its memory capped, compiled and checked; `sha256` keys the cache. */
  prepare(bytes: Uint8Array, sha256: string): Promise<PreparedModule> {
    const hit = this.cache.get(sha256);
    if (hit) {
      // Most recently used last: eviction takes from the front.
      this.cache.delete(sha256);
      this.cache.set(sha256, hit);
      return hit.prepared;
    }
    const prepared = compile(bytes, this.capPages);
    this.add(sha256, { prepared, bytes: bytes.length });
    // A module that failed is not remembered: the next job gets a fresh attempt (and message).
    prepared.catch(() => {
      if (this.cache.get(sha256)?.prepared === prepared) this.remove(sha256);
    });
    return prepared;
  }

  clear(): void {
    this.cache.clear();
    this.totalBytes = 0;
  }

  private add(key: string, entry: Entry): void {
    this.cache.set(key, entry);
    this.totalBytes += entry.bytes;
    while (this.cache.size > 1 && (this.cache.size > MAX_ENTRIES || this.totalBytes > MAX_TOTAL_BYTES)) {
      this.remove(this.cache.keys().next().value!);
    }
  }

  private remove(key: string): void {
    const entry = this.cache.get(key);
    if (!entry) return;
    this.cache.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

async function compile(bytes: Uint8Array, capPages: number): Promise<PreparedModule> {
  const capped = capModuleMemory(capModuleHeap(bytes), capPages);
  let module: WasmModule;
  try {
    module = await wasmApi.compile(capped.bytes);
  } catch (err) {
    throw new WasmModuleError(`Invalid WASM module: ${errorMessage(err)}`);
  }
  checkShape(module, capped.memoryImport !== null, capped.maxPages !== null);
  return { module, memoryImport: capped.memoryImport, maxPages: capped.maxPages };
}

function checkShape(module: WasmModule, importsMemory: boolean, hasMemory: boolean): void {
  const exports = wasmApi.Module.exports(module);
  if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    throw new WasmModuleError('WASM module has no _start function (only WASI command modules can run)');
  }
  if (hasMemory && !importsMemory && !exports.some((e) => e.name === 'memory' && e.kind === 'memory')) {
    throw new WasmModuleError('WASM module does not export its memory as "memory", which WASI needs');
  }
  for (const imp of wasmApi.Module.imports(module)) {
    if (imp.kind === 'memory' || (imp.kind === 'function' && imp.module === WASI_MODULE && WASI_PREVIEW1_FUNCTIONS.has(imp.name))) continue;
    const why = imp.kind === 'function' && imp.module === WASI_MODULE ? 'which is not a WASI preview1 function' : 'which this Island does not provide (only WASI preview1)';
    throw new WasmModuleError(`WASM module imports ${imp.kind} "${imp.module}"."${imp.name}", ${why}`);
  }
}
