// Hostile WASM Cargos (issue 8): real WASI modules that try to reach the host (files, sockets,
// the environment, signals, imports the Island does not give) or to exhaust it (stack, tables,
// GC objects, memory, the JavaScript heap behind WASI calls, CPU, the wall clock, stdout, stderr,
// atomics). Each runs as a real job: dispatched by the reference coordinator over a real
// nats-server to a real Island, downloaded over HTTP and run in the WASM runtime's worker. Each
// test proves what the coordinator saw (states, errors, output) and, for probes, the errno of
// every call. After each one a well-behaved module still runs (no poisoned worker) and every
// message on the wire was well-formed.
import { existsSync, statSync } from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STDOUT_LOG_RECORDS } from '../../src-main/agent/runtimes/container/cargo-stdout';
import { MAX_TABLE_ELEMENTS } from '../../src-main/agent/runtimes/wasm/heap-limits';
import type { JobRecord } from '../harness/coordinator/types';
import { requireBinary } from '../harness/services';
import { buildCargo, type CargoName } from '../fixtures/wasm/cargos';
import { buildHostileCargo, ERRNO, PROBED_FDS, probeFacts, WASI_SIGNAL, type HostileCargo } from '../fixtures/wasm/hostile-cargos';
import { jobStates, startWasmIsland, type WasmIsland } from '../helpers/wasm-island';

const natsBin = requireBinary('nats-server', { neededBy: 'the hostile WASM suite' });

const KIB = 1024;
const MIB = 1024 * KIB;
/** Short limits so that runaway modules end quickly; the CPU budget is well inside the wall clock on a busy machine. */
const LIMITS = { timeoutSeconds: 8, cpuTimeLimitMs: 1_000, memoryLimitBytes: 32 * MIB, maxStdoutBytes: 256 * KIB };
/** Secrets the Island's own process holds while the suite runs. */
const SECRETS = {
  HF_TOKEN: 'hf_hostileWasmSuiteToken0123456789abcdef',
  ISLAND_NATS_URL: 'nats://island:hostile-wasm-password@127.0.0.1:4222',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILEKEY',
};

/** What WASI answers for a descriptor call the module has no right to: stdio lacks the right, any other number is no descriptor. */
const refused = (fd: number) => String(fd <= 2 ? ERRNO.NOTCAPABLE : ERRNO.BADF);
const facts = (job: JobRecord) => probeFacts(job.outputs.map((o) => o.message.chunk));

/** Milliseconds of this process's CPU time over `ms` of wall time: a worker still spinning would show. */
async function cpuOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

describe.skipIf(!natsBin)('hostile WASM modules are contained, stopped where needed, and reported', () => {
  let w: WasmIsland;
  const savedEnv: Record<string, string | undefined> = {};

  const dispatch = async (name: string, bytes: Promise<Uint8Array>, opts?: { timeoutMs?: number }) => w.run({ wasm_url: w.serve(name, await bytes) }, opts);
  const hostile = (name: HostileCargo, opts?: { timeoutMs?: number }) => dispatch(name, buildHostileCargo(name), opts);
  /** The plain runaway Cargos of the WASM runtime suite. */
  const runaway = (name: CargoName, opts?: { timeoutMs?: number }) => dispatch(name, buildCargo(name), opts);

  beforeAll(async () => {
    for (const [key, value] of Object.entries(SECRETS)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    w = await startWasmIsland(LIMITS);
  });
  afterAll(async () => {
    await w?.close();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterEach(async () => {
    const ok = await hostile('hello');
    expect(jobStates(ok)).toEqual(['started', 'succeeded']);
    expect(ok.text).toBe('still here');
    w.coord.assertNoViolations();
  });

  describe('reaching the host', () => {
    it('files: path_open on every descriptor 0–16 (absolute, relative, ../ and .) fails, there are no preopens, and no other path call gets through', async () => {
      const job = await hostile('filesystem');
      expect(jobStates(job)).toEqual(['started', 'succeeded']);
      const expected: Record<string, string> = {};
      for (const fd of PROBED_FDS) {
        for (const kind of ['abs', 'rel', 'up', 'self']) expected[`path_open.${kind}.${fd}`] = refused(fd);
        expected[`fd_prestat_get.${fd}`] = refused(fd);
        expected[`fd_prestat_dir_name.${fd}`] = refused(fd);
        // fd 0 is the job's input; reading any other descriptor fails.
        expected[`fd_read.${fd}`] = fd === 0 ? String(ERRNO.SUCCESS) : refused(fd);
      }
      const pathCalls = ['path_filestat_get', 'path_readlink', 'path_create_directory', 'path_remove_directory', 'path_unlink_file',
        'path_rename', 'path_symlink', 'path_link', 'path_filestat_set_times', 'fd_readdir'];
      for (const fd of [0, 3]) for (const call of pathCalls) expected[`${call}.${fd}`] = refused(fd);
      // Exactly these: no `leaked.*` fact, which the module writes with the bytes read from any file it opened.
      expect(facts(job)).toEqual(expected);
      expect(existsSync('/tmp/wasm-escape')).toBe(false);
      expect(existsSync(path.resolve('passwd-link'))).toBe(false);
      expect(existsSync('/etc/hostname')).toBe(true);
    });

    it('descriptors: writes beyond stdout and stderr, and every change to stdio or the device behind it, fail; stdio is no terminal; a poll on a descriptor never sleeps', async () => {
      const devNull = statSync('/dev/null');
      const job = await hostile('descriptors');
      expect(jobStates(job)).toEqual(['started', 'succeeded']);
      const expected: Record<string, string> = {};
      for (const fd of PROBED_FDS.filter((fd) => fd !== 1 && fd !== 2)) expected[`fd_write.${fd}`] = refused(fd);
      const calls = ['fd_filestat_set_times', 'fd_filestat_set_size', 'fd_allocate', 'fd_advise', 'fd_sync', 'fd_datasync', 'fd_pread',
        'fd_pwrite', 'fd_seek', 'fd_tell', 'fd_fdstat_set_rights', 'fd_renumber'];
      for (const fd of [0, 1, 2, 3]) for (const call of calls) expected[`${call}.${fd}`] = refused(fd);
      // WASI rights bits: read or write, set flags, filestat, poll. No seek or tell (so not a terminal), no path or socket right.
      const [READ, WRITE, SET_FLAGS, FILESTAT, POLL] = [1 << 1, 1 << 6, 1 << 3, 1 << 21, 1 << 27];
      for (const fd of [0, 1, 2]) {
        expected[`fd_fdstat_get.${fd}`] = String(ERRNO.SUCCESS);
        expected[`filetype.${fd}`] = '0'; // unknown, as for wasmtime's pipes
        expected[`rights.${fd}`] = String((fd === 0 ? READ : WRITE) | SET_FLAGS | FILESTAT | POLL);
      }
      Object.assign(expected, {
        'fd_fdstat_get.3': String(ERRNO.BADF),
        'fd_close.7': String(ERRNO.BADF),
        // Beside a 60 s clock, the descriptor's event comes back at once: stdin ready, fd 9 an error.
        'poll.stdin': '0', 'poll.stdin.nevents': '1', 'poll.stdin.error': '0', 'poll.stdin.type': '1',
        'poll.fd9': '0', 'poll.fd9.nevents': '1', 'poll.fd9.error': String(ERRNO.BADF), 'poll.fd9.type': '2',
        still_writing: '1',
      });
      expect(facts(job)).toEqual(expected);
      expect(job.statuses.at(-1)!.at - job.statuses[0]!.at).toBeLessThan(5_000);
      // fd_filestat_set_times on stdio once reached the Island's null device (its times became 1970).
      expect(statSync('/dev/null').mtimeMs).toBe(devNull.mtimeMs);
    });

    it('network: sock_accept, sock_recv, sock_send and sock_shutdown fail on every descriptor 0–16 (sock_accept on stdio crashed the Island)', async () => {
      const job = await hostile('network');
      expect(jobStates(job)).toEqual(['started', 'succeeded']);
      const expected: Record<string, string> = {};
      for (const fd of PROBED_FDS) for (const call of ['sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown']) expected[`${call}.${fd}`] = refused(fd);
      expect(facts(job)).toEqual(expected);
    });

    it('environment and arguments: empty, though the Island holds HF_TOKEN, ISLAND_NATS_URL and another secret; argv is the program name alone', async () => {
      expect(process.env.HF_TOKEN).toBe(SECRETS.HF_TOKEN);
      const job = await hostile('environment');
      expect(jobStates(job)).toEqual(['started', 'succeeded']);
      expect(facts(job)).toEqual({
        environ_sizes_get: '0', environ_count: '0', environ_bytes: '0', environ_get: '0',
        args_sizes_get: '0', args_count: '1', args_bytes: '11',
        environ_hex: '',
        args_hex: Buffer.from('cargo.wasm\0').toString('hex'),
      });
      for (const secret of Object.values(SECRETS)) expect(job.text).not.toContain(secret);
    });

    it.each([
      ['envSystem', 'function "env"."system", which this Island does not provide (only WASI preview1)'],
      ['wasiUnstable', 'function "wasi_unstable"."fd_write", which this Island does not provide (only WASI preview1)'],
      ['wasiSockOpen', 'function "wasi_snapshot_preview1"."sock_open", which is not a WASI preview1 function'],
      ['threadSpawn', 'function "wasi"."thread-spawn", which this Island does not provide (only WASI preview1)'],
      ['wasiGlobal', 'global "wasi_snapshot_preview1"."fd_write", which this Island does not provide (only WASI preview1)'],
      ['importedTable', 'table "env"."__indirect_function_table", which this Island does not provide (only WASI preview1)'],
    ] as const)('an import the Island does not give (%s) is refused before it runs, `failed` naming it', async (name, what) => {
      const job = await hostile(name);
      expect(jobStates(job)).toEqual(['started', `failed: WASM module imports ${what}`]);
      expect(job.outputs).toEqual([]);
    });

    it.each(Object.keys(WASI_SIGNAL) as (keyof typeof WASI_SIGNAL)[])('proc_raise(SIG%s) never reaches the Island: the module is stopped, `failed` naming the call', async (signal) => {
      const caught: string[] = [];
      const catchable = ['SIGINT', 'SIGTERM', 'SIGUSR2'] as const;
      const handlers = catchable.map((s) => [s, () => caught.push(s)] as const);
      for (const [s, h] of handlers) process.on(s, h);
      try {
        const job = await hostile(`raise${signal}`);
        expect(jobStates(job)).toEqual(['started', `failed: WASM trap: proc_raise(SIG${signal}) is not supported`]);
        expect(job.text).toBe(`raising=${WASI_SIGNAL[signal]}`);
      } finally {
        for (const [s, h] of handlers) process.off(s, h);
      }
      // SIGKILL, SIGSTOP, SIGSEGV or SIGABRT would have ended or frozen this process; SIGUSR1 opens the inspector.
      expect(caught).toEqual([]);
      expect(inspector.url()).toBeUndefined();
    });
  });

  describe('exhausting the host', () => {
    it('deep recursion: the stack overflows into a trap, `failed`', async () => {
      const job = await hostile('recursion');
      expect(jobStates(job)).toEqual(['started', 'streaming', 'failed: WASM trap: call stack exhausted']);
    });

    it('huge tables are refused before they run (V8 would abort the whole process at its heap limit); a table grows only to the budget', async () => {
      const bomb = await hostile('tableBomb');
      expect(jobStates(bomb)).toEqual(['started', `failed: WASM module's tables start with 200000000 entries, over this Island's limit of ${MAX_TABLE_ELEMENTS}`]);
      const growth = await hostile('tableGrowth');
      expect(jobStates(growth)).toEqual(['started', 'succeeded']);
      expect(growth.text).toBe(String(MAX_TABLE_ELEMENTS));
    });

    it('GC objects, which the worker heap limit does not hold, are refused: an 800 MB array never allocated', async () => {
      const job = await hostile('gcArrayBomb');
      expect(jobStates(job)).toEqual(['started', 'failed: Unsupported WASM module: GC types (struct, array, sub and recursive types) are not supported']);
    });

    it('a memory bomb gets the cap (32 MiB) and no more: a store past it traps, `failed`', async () => {
      const job = await hostile('memoryBomb');
      expect(job.text).toBe(String((32 * MIB) / (64 * KIB)));
      expect(jobStates(job)).toEqual(['started', 'failed: WASM trap: memory access out of bounds']);
    });

    it('two million iovecs in one call are refused (EINVAL), not turned into an object each on the worker heap', async () => {
      const job = await hostile('iovecBomb');
      expect(jobStates(job)).toEqual(['started', 'succeeded']);
      expect(facts(job)).toEqual({ 'fd_write.iovecs': String(ERRNO.INVAL), 'fd_read.iovecs': String(ERRNO.INVAL) });
    });

    it('spinning in _start or in the start section: stopped at the CPU budget, and the thread no longer burns CPU', async () => {
      const spin = await runaway('spin');
      expect(jobStates(spin)).toEqual(['started', 'streaming', 'failed: CPU time limit exceeded (1s)']);
      expect(await cpuOver(400)).toBeLessThan(200);
      const startSpin = await hostile('startSpin');
      expect(jobStates(startSpin)).toEqual(['started', 'failed: CPU time limit exceeded (1s)']);
      expect(await cpuOver(400)).toBeLessThan(200);
    });

    it('sleeping past the timeout, in poll_oneoff or in memory.atomic.wait on shared memory: stopped at the wall clock, `failed`', async () => {
      const timedOut = ['started', 'streaming', `failed: Timeout: job exceeded ${LIMITS.timeoutSeconds}s limit`];
      expect(jobStates(await runaway('sleeper', { timeoutMs: 20_000 }))).toEqual(timedOut);
      expect(jobStates(await hostile('atomicWaitShared', { timeoutMs: 20_000 }))).toEqual(timedOut);
    });

    it('memory.atomic.wait on an unshared memory traps, `failed`', async () => {
      const job = await hostile('atomicWaitUnshared');
      expect(jobStates(job)).toEqual(['started', 'failed: WASM trap: Atomics.wait cannot be called in this context']);
    });
  });

  describe('flooding', () => {
    const stopped = 'failed: Output limit exceeded: the module wrote more than 256 KiB to stdout';

    it('valid tokens without end: published in order up to the stdout limit, then the module is stopped', async () => {
      const job = await runaway('flood');
      expect(jobStates(job)).toEqual(['started', stopped]);
      const chunks = job.outputs.map((o) => o.message.chunk);
      expect(chunks.length).toBeGreaterThan(5_000);
      expect(chunks.every((c, i) => c === String(i))).toBe(true);
      const lineBytes = chunks.reduce((n, c) => n + Buffer.byteLength(JSON.stringify({ type: 'token', content: c })) + 1, 0);
      expect(lineBytes).toBeLessThanOrEqual(LIMITS.maxStdoutBytes);
    });

    it('junk and `error` lines without end: nothing published, the log keeps 20 of them and a count, the module is stopped', async () => {
      const job = await hostile('junkFlood');
      expect(jobStates(job)).toEqual(['started', stopped]);
      expect(job.outputs).toEqual([]);
      const log = w.jobLog(job.jobId);
      const notes = log.filter((r) => r.msg === 'ignored a wasm output line' || r.msg === 'wasm module reported an error');
      expect(notes).toHaveLength(MAX_STDOUT_LOG_RECORDS);
      expect(notes.some((r) => r.level === 'warn')).toBe(true);
      const skipped = log.map((r) => /^stdout: (\d+) more ignored or error lines not logged/.exec(r.msg)?.[1]).find(Boolean);
      expect(Number(skipped)).toBeGreaterThan(1_000);
      expect(log.length).toBeLessThan(MAX_STDOUT_LOG_RECORDS + 10);
    });

    it('one line without end: nothing published, no log record near its size, the module is stopped', async () => {
      const job = await hostile('lineFlood');
      expect(jobStates(job)).toEqual(['started', stopped]);
      expect(job.outputs).toEqual([]);
      for (const r of w.jobLog(job.jobId)) expect(JSON.stringify(r).length).toBeLessThan(8 * KIB);
    });

    it('stderr without end: the log keeps its first 64 KiB and counts the rest; stopped at the CPU budget', async () => {
      const job = await hostile('stderrFlood');
      expect(jobStates(job)).toEqual(['started', 'failed: CPU time limit exceeded (1s)']);
      const stderr = w.jobLog(job.jobId).filter((r) => r.msg === 'wasm module stderr');
      expect(stderr).toHaveLength(1);
      expect(String(stderr[0]!.fields.text).length).toBe(64 * KIB);
      expect(Number(stderr[0]!.fields.dropped_bytes)).toBeGreaterThan(64 * KIB);
    });
  });
});
