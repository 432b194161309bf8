// A job's worker thread: runs one WASI preview1 command module and hands on what it writes as it
// writes it. One worker per job, so a runaway module is stopped by terminating its thread.
//
// This file is loaded as the worker's entry, straight from source (Node strips the types) or
// bundled as dist/wasm-worker.mjs, so it imports only `node:` modules and types, and uses no
// TypeScript syntax that needs transforming (no enums, namespaces or parameter properties).
import { openSync, readlinkSync } from 'node:fs';
import { devNull } from 'node:os';
import { WASI } from 'node:wasi';
import { parentPort } from 'node:worker_threads';
import type { WasmApi, WasmImports, WasmMemory } from './wasm-api';
import type { RunRequest, WorkerMessage } from './worker-protocol';

type WasiFn = (...args: number[]) => number;

// Typed here rather than imported: this file may import types only (see wasm-api.ts for why).
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const ERRNO_SUCCESS = 0;
const ERRNO_FAULT = 21;
const ERRNO_INVAL = 28;
const ERRNO_NOTSUP = 58;

// shared-output.ts owns these layouts; they are repeated here because this file imports no values.
const HEADER_BYTES = 16;
const OUT_WRITTEN = 0;
const OUT_READ = 1;
const OUT_WAKE_PENDING = 2;
const ERR_KEPT = 0;
const ERR_DROPPED = 1;

const SUBSCRIPTION_BYTES = 48;
const EVENT_BYTES = 32;
const EVENTTYPE_CLOCK = 0;
const SUBCLOCKFLAGS_ABSTIME = 1;

/** Thrown through the module's frames to stop it once stdout is over its limit. */
class OutputLimitReached extends Error {}

const port = parentPort;
if (!port) throw new Error('wasm-worker.ts must run as a worker thread');
const post = (message: WorkerMessage): void => port.postMessage(message);
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function threadId(): number | null {
  try {
    // "<pid>/task/<tid>": the kernel's id for this thread, to read its CPU time from /proc.
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

/** Appends to the stdout ring, waiting while it is full; wakes the runtime if it is not already awake. */
function stdoutWriter(ring: SharedArrayBuffer): (bytes: Uint8Array) => void {
  const ctrl = new Int32Array(ring, 0, HEADER_BYTES / 4);
  const data = new Uint8Array(ring, HEADER_BYTES);
  const wake = () => {
    if (Atomics.compareExchange(ctrl, OUT_WAKE_PENDING, 0, 1) === 0) post({ type: 'stdout' });
  };
  return (bytes) => {
    for (let off = 0; off < bytes.length; ) {
      const written = Atomics.load(ctrl, OUT_WRITTEN);
      const read = Atomics.load(ctrl, OUT_READ);
      const free = data.length - (written - read);
      if (free === 0) {
        wake();
        Atomics.wait(ctrl, OUT_READ, read, 1000);
        continue;
      }
      const start = written % data.length;
      const n = Math.min(free, bytes.length - off, data.length - start);
      data.set(bytes.subarray(off, off + n), start);
      Atomics.store(ctrl, OUT_WRITTEN, written + n);
      off += n;
    }
    wake();
  };
}

/** Keeps the first bytes of stderr in the shared buffer and counts the rest. */
function stderrWriter(buffer: SharedArrayBuffer): (bytes: Uint8Array) => void {
  const ctrl = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const data = new Uint8Array(buffer, HEADER_BYTES);
  return (bytes) => {
    const kept = Atomics.load(ctrl, ERR_KEPT);
    const n = Math.min(bytes.length, data.length - kept);
    data.set(bytes.subarray(0, n), kept);
    Atomics.store(ctrl, ERR_KEPT, kept + n);
    Atomics.add(ctrl, ERR_DROPPED, bytes.length - n);
  };
}

/** Nanoseconds until a clock subscription fires, or an errno for clocks a sleep cannot use. */
function clockWaitNs(clockId: number, timeout: bigint, flags: number): bigint | number {
  if (clockId === 2 || clockId === 3) return ERRNO_NOTSUP; // CPU-time clocks: nothing to wait for
  if (clockId > 3) return ERRNO_INVAL;
  if ((flags & SUBCLOCKFLAGS_ABSTIME) === 0) return timeout;
  // uvwasi reads realtime from the system clock and monotonic from uv_hrtime, as these do.
  const now = clockId === 0 ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
  return timeout > now ? timeout - now : 0n;
}

function run(req: RunRequest): WorkerMessage {
  let memory: WasmMemory | null = req.memoryImport
    ? new WA.Memory({ initial: req.memoryImport.initial, maximum: req.memoryImport.maximum, shared: req.memoryImport.shared })
    : null;
  const writeStdout = stdoutWriter(req.stdoutRing);
  const writeStderr = stderrWriter(req.stderrBuffer);
  let stdoutBytes = 0;
  let stdinOffset = 0;

  // Anything that reaches the real descriptors (calls not intercepted below) meets the null
  // device, never the Island's own stdio. The worker closes it when it ends (trackUnmanagedFds).
  const nullFd = openSync(devNull, 'r+');
  const wasi = new WASI({ version: 'preview1', args: [req.programName], env: {}, preopens: {}, returnOnExit: true, stdin: nullFd, stdout: nullFd, stderr: nullFd });
  const base = wasi.wasiImport as Record<string, WasiFn>;

  /** The memory `ptr..ptr+len` as a view, or null if any of it lies outside (or there is no memory yet). */
  const view = (ptr: number, len: number): DataView | null => {
    // A start function may call WASI before instantiation has returned the memory.
    if (!memory || ptr + len > memory.buffer.byteLength) return null;
    return new DataView(memory.buffer);
  };

  /** The bytes an iovec array points at, or null if any of it lies outside memory. */
  const gather = (iovs: number, count: number): Uint8Array[] | null => {
    const v = view(iovs, count * 8);
    if (!v) return null;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const ptr = v.getUint32(iovs + i * 8, true);
      const len = v.getUint32(iovs + i * 8 + 4, true);
      if (ptr + len > v.byteLength) return null;
      parts.push(new Uint8Array(v.buffer, ptr, len));
    }
    return parts;
  };

  const putU32 = (ptr: number, value: number): number => {
    const v = view(ptr, 4);
    if (!v) return ERRNO_FAULT;
    v.setUint32(ptr, value, true);
    return ERRNO_SUCCESS;
  };

  // stdout and stderr are taken at the WASI call, so each write reaches the runtime at once.
  const fd_write: WasiFn = (fd, iovs, count, nwritten) => {
    if (fd !== 1 && fd !== 2) return base.fd_write!(fd, iovs, count, nwritten);
    const parts = gather(iovs, count);
    if (!parts) return ERRNO_FAULT;
    let total = 0;
    for (const part of parts) total += part.length;
    if (fd === 1) {
      if (stdoutBytes + total > req.maxStdoutBytes) {
        post({ type: 'output-limit', limitBytes: req.maxStdoutBytes });
        throw new OutputLimitReached();
      }
      stdoutBytes += total;
      for (const part of parts) writeStdout(part);
    } else {
      for (const part of parts) writeStderr(part);
    }
    return putU32(nwritten, total);
  };

  const fd_read: WasiFn = (fd, iovs, count, nread) => {
    if (fd !== 0) return base.fd_read!(fd, iovs, count, nread);
    const parts = gather(iovs, count);
    if (!parts) return ERRNO_FAULT;
    let copied = 0;
    for (const part of parts) {
      const n = Math.min(part.length, req.stdin.length - stdinOffset);
      part.set(req.stdin.subarray(stdinOffset, stdinOffset + n));
      stdinOffset += n;
      copied += n;
      if (n < part.length) break;
    }
    return putU32(nread, copied);
  };

  // Closing or renumbering stdio would close the worker's null device under uvwasi.
  const fd_close: WasiFn = (fd) => (fd <= 2 ? ERRNO_SUCCESS : base.fd_close!(fd));
  const fd_renumber: WasiFn = (from, to) => (from <= 2 || to <= 2 ? ERRNO_NOTSUP : base.fd_renumber!(from, to));

  // uvwasi sleeps in native code, where worker.terminate() cannot reach: a module asking for a
  // long sleep would keep its thread and memory after its job was cancelled or timed out.
  // Clock-only polls (how WASI libcs sleep) therefore wait in Atomics.wait, which terminate() interrupts.
  const poll_oneoff: WasiFn = (subs, events, count, nevents) => {
    if (count === 0) return ERRNO_INVAL;
    const v = view(subs, count * SUBSCRIPTION_BYTES);
    if (!v || !view(events, count * EVENT_BYTES)) return ERRNO_FAULT;
    const waits: bigint[] = [];
    for (let i = 0; i < count; i++) {
      const at = subs + i * SUBSCRIPTION_BYTES;
      if (v.getUint8(at + 8) !== EVENTTYPE_CLOCK) return base.poll_oneoff!(subs, events, count, nevents);
      const remaining = clockWaitNs(v.getUint32(at + 16, true), v.getBigUint64(at + 24, true), v.getUint16(at + 40, true));
      if (typeof remaining === 'number') return remaining;
      waits.push(remaining);
    }
    const shortest = waits.reduce((a, b) => (b < a ? b : a));
    if (shortest > 0n) Atomics.wait(sleepCell, 0, 0, Number(shortest) / 1e6);
    let fired = 0;
    waits.forEach((ns, i) => {
      if (ns > shortest) return;
      const ev = events + fired++ * EVENT_BYTES;
      v.setBigUint64(ev, v.getBigUint64(subs + i * SUBSCRIPTION_BYTES, true), true);
      v.setUint16(ev + 8, ERRNO_SUCCESS, true);
      v.setUint8(ev + 10, EVENTTYPE_CLOCK);
    });
    return putU32(nevents, fired);
  };

  const imports: WasmImports = { wasi_snapshot_preview1: { ...base, fd_write, fd_read, fd_close, fd_renumber, poll_oneoff } };
  if (req.memoryImport && memory) imports[req.memoryImport.module] = { ...imports[req.memoryImport.module], [req.memoryImport.name]: memory };

  try {
    const instance = new WA.Instance(req.module, imports);
    const exported = instance.exports.memory;
    memory ??= exported instanceof WA.Memory ? exported : new WA.Memory({ initial: 0, maximum: 0 });
    // Only what WASI needs: Node refuses a module that also exports `_initialize`; wasmtime
    // (the Rust Island) just calls `_start`, and so does this.
    const code = wasi.start({ exports: { memory, _start: instance.exports._start } });
    return { type: 'exit', code: code ?? 0 };
  } catch (err) {
    if (err instanceof OutputLimitReached) return { type: 'output-limit', limitBytes: req.maxStdoutBytes };
    if (err instanceof WA.RuntimeError) return { type: 'trap', message: err.message };
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { type: 'trap', message: 'call stack exhausted' };
    if (err instanceof WA.LinkError) return { type: 'error', message: `WASM module could not be instantiated: ${err.message}` };
    return { type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

post({ type: 'thread', tid: threadId() });
port.once('message', (req: RunRequest) => {
  post(run(req));
  // Stay alive until the runtime terminates this thread, so the result above is always read
  // before the worker's exit is seen.
  port.on('message', () => undefined);
});
