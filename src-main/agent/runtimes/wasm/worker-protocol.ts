// The messages between the runtime and a job's worker (wasm-worker.ts). Types only: the worker
// imports nothing from the project at run time, so that it loads from source as well as bundled.
import type { MemoryImport } from './memory-limits';
import type { WasmModule } from './wasm-api';

/** The one message the runtime sends: what to run. */
export interface RunRequest {
  module: WasmModule;
  memoryImport: MemoryImport | null;
  /** WASI stdin: the job's input as JSON, without a trailing newline (§3.14). */
  stdin: Uint8Array;
  /** argv[0]; there are no other arguments. */
  programName: string;
  /** Total stdout allowed; the module is stopped when it writes more. */
  maxStdoutBytes: number;
  /** The stdout ring and the stderr buffer (layouts in shared-output.ts). */
  stdoutRing: SharedArrayBuffer;
  stderrBuffer: SharedArrayBuffer;
}

export type WorkerMessage =
  /** The worker's OS thread id (Linux), for measuring its CPU time where worker.cpuUsage() is missing. */
  | { type: 'thread'; tid: number | null }
  /** New bytes are in the stdout ring (posted once until the runtime has read them). */
  | { type: 'stdout' }
  /** The module returned from `_start` (code 0) or called `proc_exit`. */
  | { type: 'exit'; code: number }
  /** The module trapped (unreachable, out-of-bounds access, stack exhaustion, ...). */
  | { type: 'trap'; message: string }
  /** It wrote more than `maxStdoutBytes` to stdout and was stopped. */
  | { type: 'output-limit'; limitBytes: number }
  /** It could not be instantiated (or something else in the worker failed). */
  | { type: 'error'; message: string };
