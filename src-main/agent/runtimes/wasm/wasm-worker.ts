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
const ERRNO_BADF = 8;
const ERRNO_FAULT = 21;
const ERRNO_INVAL = 28;
const ERRNO_NOTSUP = 58;
const ERRNO_NOTCAPABLE = 76;

/** Most iovecs one call may pass (Linux's IOV_MAX): the glue handles each, so it must be bounded. */
const MAX_IOVECS = 1024;

// The module's whole view of the host. uvwasi (node:wasi) answers only the calls that touch no
// descriptor and nothing outside this thread. Every descriptor call is answered below: stdio is
// the runtime's own (stdin from the job, stdout and stderr to shared memory) and no other
// descriptor exists. uvwasi must never be handed one: on Node 22 its sock_accept on a stdio
// descriptor crashes the whole process (SIGSEGV), fd_filestat_set_times on stdio changes the
// times of the device behind it, and its proc_raise signals the Island's own process (SIGKILL
// kills it, SIGTERM stops it, SIGUSR1 opens the inspector on 127.0.0.1:9229).
const FROM_UVWASI = ['args_get', 'args_sizes_get', 'clock_res_get', 'clock_time_get', 'random_get', 'sched_yield', 'proc_exit'];

/** Descriptor calls that have nothing to act on here, with the position of their descriptor argument. */
const REFUSED: Record<string, number> = {
  fd_advise: 0, fd_allocate: 0, fd_datasync: 0, fd_sync: 0, fd_fdstat_set_rights: 0, fd_filestat_set_size: 0,
  fd_filestat_set_times: 0, fd_pread: 0, fd_pwrite: 0, fd_readdir: 0, fd_seek: 0, fd_tell: 0, fd_renumber: 0,
  fd_prestat_get: 0, fd_prestat_dir_name: 0,
  path_create_directory: 0, path_filestat_get: 0, path_filestat_set_times: 0, path_link: 0, path_open: 0,
  path_readlink: 0, path_remove_directory: 0, path_rename: 0, path_symlink: 2, path_unlink_file: 0,
  sock_accept: 0, sock_recv: 0, sock_send: 0, sock_shutdown: 0,
};

const isStdio = (fd: number): boolean => fd === 0 || fd === 1 || fd === 2;
/** stdio lacks the right; any other number is no descriptor at all. */
const refuse = (fd: number): number => (isStdio(fd) ? ERRNO_NOTCAPABLE : ERRNO_BADF);

// What fd_fdstat_get says of stdio: filetype unknown (not a terminal, as for wasmtime's pipes),
// readable (stdin) or writable (stdout, stderr), pollable, flags settable, filestat readable.
const RIGHTS_STDIO = (1n << 3n) | (1n << 21n) | (1n << 27n);
const RIGHT_FD_READ = 1n << 1n;
const RIGHT_FD_WRITE = 1n << 6n;

const SIGNALS = ['NONE', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'];

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
const EVENTTYPE_FD_READ = 1;
const EVENTTYPE_FD_WRITE = 2;
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

interface Now {
  realtime: bigint;
  monotonic: bigint;
}

/** Nanoseconds from `now` until the clock subscription at `at` fires, or an errno for clocks a sleep cannot use. */
function clockWaitNs(v: DataView, at: number, now: Now): bigint | number {
  const clockId = v.getUint32(at + 16, true);
  const timeout = v.getBigUint64(at + 24, true);
  if (clockId === 2 || clockId === 3) return ERRNO_NOTSUP; // CPU-time clocks: nothing to wait for
  if (clockId > 3) return ERRNO_INVAL;
  if ((v.getUint16(at + 40, true) & SUBCLOCKFLAGS_ABSTIME) === 0) return timeout;
  // uvwasi reads realtime from the system clock and monotonic from uv_hrtime, as these do.
  const current = clockId === 0 ? now.realtime : now.monotonic;
  return timeout > current ? timeout - current : 0n;
}

/** A descriptor subscription's error: stdin can always be read (it is all in memory), stdout and stderr always written. */
function fdReadiness(fd: number, type: number): number {
  if (type === EVENTTYPE_FD_READ) return fd === 0 ? ERRNO_SUCCESS : refuse(fd);
  return fd === 1 || fd === 2 ? ERRNO_SUCCESS : refuse(fd);
}

function run(req: RunRequest): WorkerMessage {
  let memory: WasmMemory | null = req.memoryImport
    ? new WA.Memory({ initial: req.memoryImport.initial, maximum: req.memoryImport.maximum, shared: req.memoryImport.shared })
    : null;
  const writeStdout = stdoutWriter(req.stdoutRing);
  const writeStderr = stderrWriter(req.stderrBuffer);
  let stdoutBytes = 0;
  let stdinOffset = 0;

  // uvwasi is given no descriptor call (see FROM_UVWASI), but it opens stdio all the same: the
  // null device, not the Island's own stdio. The worker closes it when it ends (trackUnmanagedFds).
  const nullFd = openSync(devNull, 'r+');
  const wasi = new WASI({ version: 'preview1', args: [req.programName], env: {}, preopens: {}, returnOnExit: true, stdin: nullFd, stdout: nullFd, stderr: nullFd });
  const base = wasi.wasiImport as Record<string, WasiFn>;

  /** The memory `ptr..ptr+len` as a view, or null if any of it lies outside (or there is no memory yet). */
  const view = (ptr: number, len: number): DataView | null => {
    // A start function may call WASI before instantiation has returned the memory.
    if (!memory || ptr + len > memory.buffer.byteLength) return null;
    return new DataView(memory.buffer);
  };

  /** The bytes an iovec array points at, or an errno: too many iovecs, or any of it outside memory. */
  const gather = (iovs: number, count: number): Uint8Array[] | number => {
    if (count > MAX_IOVECS) return ERRNO_INVAL;
    const v = view(iovs, count * 8);
    if (!v) return ERRNO_FAULT;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const ptr = v.getUint32(iovs + i * 8, true);
      const len = v.getUint32(iovs + i * 8 + 4, true);
      if (ptr + len > v.byteLength) return ERRNO_FAULT;
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
    if (fd !== 1 && fd !== 2) return refuse(fd);
    const parts = gather(iovs, count);
    if (typeof parts === 'number') return parts;
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
    if (fd !== 0) return refuse(fd);
    const parts = gather(iovs, count);
    if (typeof parts === 'number') return parts;
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

  // stdio stays open whatever the module does: closing it is a no-op, as flags are.
  const fd_close: WasiFn = (fd) => (isStdio(fd) ? ERRNO_SUCCESS : ERRNO_BADF);
  const fd_fdstat_set_flags: WasiFn = (fd) => (isStdio(fd) ? ERRNO_SUCCESS : ERRNO_BADF);

  const fd_fdstat_get: WasiFn = (fd, buf) => {
    if (!isStdio(fd)) return ERRNO_BADF;
    const v = view(buf, 24);
    if (!v) return ERRNO_FAULT;
    new Uint8Array(v.buffer, buf, 24).fill(0);
    v.setBigUint64(buf + 8, RIGHTS_STDIO | (fd === 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE), true);
    return ERRNO_SUCCESS;
  };

  /** All zeros: filetype unknown, no device, inode, size or times of any host file. */
  const fd_filestat_get: WasiFn = (fd, buf) => {
    if (!isStdio(fd)) return ERRNO_BADF;
    const v = view(buf, 64);
    if (!v) return ERRNO_FAULT;
    new Uint8Array(v.buffer, buf, 64).fill(0);
    return ERRNO_SUCCESS;
  };

  // No environment at all. (uvwasi's environ_get answers EINVAL when it is empty.)
  const environ_sizes_get: WasiFn = (count, size) => putU32(count, 0) || putU32(size, 0);
  const environ_get: WasiFn = () => ERRNO_SUCCESS;

  // wasmtime (the Rust Island) traps on proc_raise as well; a signal must never reach the Island.
  const proc_raise: WasiFn = (sig) => {
    const name = SIGNALS[sig];
    throw new WA.RuntimeError(`proc_raise(${name ? `SIG${name}` : sig}) is not supported`);
  };

  // uvwasi sleeps in native code, where worker.terminate() cannot reach: a module asking for a
  // long sleep would keep its thread and memory after its job was cancelled or timed out. Polls
  // are therefore answered here: a clock waits in Atomics.wait, which terminate() interrupts; a
  // descriptor never waits (stdin is all in memory, stdout and stderr never block, others fail).
  const poll_oneoff: WasiFn = (subs, events, count, nevents) => {
    if (count === 0) return ERRNO_INVAL;
    const v = view(subs, count * SUBSCRIPTION_BYTES);
    if (!v || !view(events, count * EVENT_BYTES)) return ERRNO_FAULT;
    const now = { realtime: BigInt(Date.now()) * 1_000_000n, monotonic: process.hrtime.bigint() };
    let shortest = -1n;
    let fdSubscriptions = 0;
    for (let at = subs; at < subs + count * SUBSCRIPTION_BYTES; at += SUBSCRIPTION_BYTES) {
      const type = v.getUint8(at + 8);
      if (type === EVENTTYPE_FD_READ || type === EVENTTYPE_FD_WRITE) fdSubscriptions += 1;
      else if (type !== EVENTTYPE_CLOCK) return ERRNO_INVAL;
      else {
        const remaining = clockWaitNs(v, at, now);
        if (typeof remaining === 'number') return remaining;
        if (shortest < 0n || remaining < shortest) shortest = remaining;
      }
    }
    if (fdSubscriptions === 0 && shortest > 0n) Atomics.wait(sleepCell, 0, 0, Number(shortest) / 1e6);
    let fired = 0;
    for (let at = subs; at < subs + count * SUBSCRIPTION_BYTES; at += SUBSCRIPTION_BYTES) {
      const type = v.getUint8(at + 8);
      // With a descriptor in the poll, it answers at once and no clock has fired yet.
      if (type === EVENTTYPE_CLOCK && (fdSubscriptions > 0 || (clockWaitNs(v, at, now) as bigint) > shortest)) continue;
      const fd = v.getUint32(at + 16, true);
      const ev = events + fired++ * EVENT_BYTES;
      new Uint8Array(v.buffer, ev, EVENT_BYTES).fill(0);
      v.setBigUint64(ev, v.getBigUint64(at, true), true);
      v.setUint16(ev + 8, type === EVENTTYPE_CLOCK ? ERRNO_SUCCESS : fdReadiness(fd, type), true);
      v.setUint8(ev + 10, type);
      if (type === EVENTTYPE_FD_READ && fd === 0) v.setBigUint64(ev + 16, BigInt(req.stdin.length - stdinOffset), true);
    }
    return putU32(nevents, fired);
  };

  const wasiImports: Record<string, unknown> = {
    ...{ fd_write, fd_read, fd_close, fd_fdstat_set_flags, fd_fdstat_get, fd_filestat_get },
    ...{ environ_sizes_get, environ_get, proc_raise, poll_oneoff },
  };
  for (const name of FROM_UVWASI) wasiImports[name] = base[name];
  for (const [name, at] of Object.entries(REFUSED)) wasiImports[name] = (...args: number[]) => refuse(args[at]!);
  const imports: WasmImports = { wasi_snapshot_preview1: wasiImports };
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
