// The WASM runtime's limits. The defaults follow the Rust Island's declared ones (§6.7) and
// enforce them for real: its 256 MiB memory limit is "reserved" there and never applied.
import type { ResourceLimits } from 'node:worker_threads';
import { WASM_PAGE_BYTES } from './memory-limits';

export interface WasmRuntimeOptions {
  /** Largest linear memory a module may have (default 256 MiB). */
  memoryLimitBytes?: number;
  /** Wall-clock limit per job, download included; the engine aborts the job there (default 60). */
  timeoutSeconds?: number;
  /** CPU time the module's thread may use, in place of wasmtime's fuel (default: the wall-clock limit). */
  cpuTimeLimitMs?: number;
  /** How often the CPU time is checked (default 100 ms). */
  cpuPollMs?: number;
  /** Largest module accepted, downloaded or cached (default 64 MiB). */
  maxModuleBytes?: number;
  /** Limit for one download (default 60 s). */
  downloadTimeoutMs?: number;
  /** Output a module may write to stdout before it is stopped (default 16 MiB). */
  maxStdoutBytes?: number;
  /** stderr kept for the log (default 64 KiB); the rest is counted and dropped. */
  maxStderrBytes?: number;
  /** The worker thread's JavaScript heap limit (default: twice the memory cap plus 64 MiB; see resolveLimits). */
  workerHeapMb?: number;
  /** The worker's entry file; found next to the bundle or the source when not given. */
  workerFile?: string;
  /** Keep one booted worker ready once WASM jobs have run (default true; ~12 MB while idle). */
  keepSpareWorker?: boolean;
}

export interface WasmLimits {
  memoryLimitBytes: number;
  capPages: number;
  timeoutSeconds: number;
  cpuTimeLimitMs: number;
  cpuPollMs: number;
  maxModuleBytes: number;
  downloadTimeoutMs: number;
  maxStdoutBytes: number;
  maxStderrBytes: number;
  resourceLimits: ResourceLimits;
}

const MIB = 1024 * 1024;

export function resolveLimits(opts: WasmRuntimeOptions = {}): WasmLimits {
  const memoryLimitBytes = opts.memoryLimitBytes ?? 256 * MIB;
  // 65 536 pages (4 GiB) is all a 32-bit memory can address.
  const capPages = Math.min(Math.floor(memoryLimitBytes / WASM_PAGE_BYTES), 65_536);
  if (capPages < 1) throw new RangeError(`memoryLimitBytes must be at least one 64 KiB page, got ${memoryLimitBytes}`);
  const maxStdoutBytes = opts.maxStdoutBytes ?? 16 * MIB;
  // The stdout ring counts bytes in an int32.
  if (maxStdoutBytes > 1024 * MIB) throw new RangeError(`maxStdoutBytes must be at most 1 GiB, got ${maxStdoutBytes}`);
  const timeoutSeconds = opts.timeoutSeconds ?? 60;
  // The worker's heap holds only the glue (output buffers, WASI bookkeeping), but V8 counts the
  // module's linear memory as the heap's external memory and forces a full GC on every
  // memory.grow once that passes half the old-generation limit: with a 64 MiB limit, growing to
  // 256 MiB took 15–25× longer. So the limit leaves room for twice the memory cap.
  const workerHeapMb = opts.workerHeapMb ?? Math.ceil((2 * memoryLimitBytes) / MIB) + 64;
  return {
    memoryLimitBytes,
    capPages,
    timeoutSeconds,
    cpuTimeLimitMs: opts.cpuTimeLimitMs ?? timeoutSeconds * 1000,
    cpuPollMs: opts.cpuPollMs ?? 100,
    maxModuleBytes: opts.maxModuleBytes ?? 64 * MIB,
    downloadTimeoutMs: opts.downloadTimeoutMs ?? 60_000,
    maxStdoutBytes,
    maxStderrBytes: opts.maxStderrBytes ?? 64 * 1024,
    resourceLimits: { maxOldGenerationSizeMb: workerHeapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  };
}
