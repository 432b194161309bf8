// Real WASI modules (WAT compiled by wabt) served over real HTTP and run in real worker threads,
// through the job execution path the engine uses.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { devNull as devNullPath, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AbortReason } from '../../../../src-main/agent/jobs/runtime';
import { WasmRuntime, type WasmRuntimeOptions } from '../../../../src-main/agent/runtimes/wasm/index';
import { WASI_MODULE, WASI_PREVIEW1_FUNCTIONS } from '../../../../src-main/agent/runtimes/wasm/wasi-preview1';
import { buildCargo, buildStreamCargo, type CargoName } from '../../../fixtures/wasm/cargos';
import { buildHostileCargo, probeFacts } from '../../../fixtures/wasm/hostile-cargos';
import { startModuleServer, type ModuleServer } from '../../../fixtures/wasm/module-server';
import { compileWat } from '../../../fixtures/wasm/wat';
import { createTestLogger } from '../../../helpers/test-logger';
import { waitUntil } from '../../../helpers/wait-until';
import { runJob } from './run-job';

let server: ModuleServer;
let home: string;
const runtimes: WasmRuntime[] = [];

function runtime(opts: WasmRuntimeOptions = {}): WasmRuntime {
  const rt = new WasmRuntime({ cacheDir: path.join(home, `cache-${runtimes.length}`), log: createTestLogger(), events: () => undefined }, opts);
  runtimes.push(rt);
  return rt;
}

async function serveCargo(name: CargoName): Promise<string> {
  server.serve(name, { bytes: await buildCargo(name) });
  return server.url(name);
}

/** This process's threads (Linux); a terminated worker's thread is gone. */
function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** Milliseconds of this process's CPU time used over `ms` of wall time. */
async function cpuOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

beforeAll(async () => {
  server = await startModuleServer();
  home = mkdtempSync(path.join(tmpdir(), 'island-wasm-run-'));
});
// Each runtime keeps a spare worker thread once it has run a job.
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((rt) => rt.close()));
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('WASM runtime: what a module writes', () => {
  it('streams each line as it is written: the first token arrives while the module is still running', async () => {
    server.serve('stream', { bytes: await buildStreamCargo(300) });
    const run = await runJob(runtime(), { wasm_url: server.url('stream') });
    expect(run.terminal).toBe('succeeded');
    expect(run.reporter.statesOf(run.job.job_id)).toEqual(['streaming', 'succeeded']);
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => [o.seq, o.chunk, o.is_final])).toEqual([
      [1, 'Hello', false],
      [2, ' world', false],
      [3, '', true],
    ]);
    expect(run.reporter.messages.filter((m) => m.kind === 'progress').map((m) => m.msg)).toEqual([
      { job_id: run.job.job_id, step: 1, total: 2 },
    ]);
    // Two 300 ms pauses follow the first token: it was published long before the module ended.
    expect(run.endedAt - run.reporter.times[0]!).toBeGreaterThan(450);
    expect(run.log.has({ level: 'debug', msg: 'ignored a wasm output line' })).toBe(true);
    expect(run.log.find({ msg: 'wasm module stderr' })?.fields.text).toBe('stream: diagnostics on stderr\n');
  });

  it('gives the input as JSON on stdin with no trailing newline, and adds no final chunk on exit 0', async () => {
    const input = { type: 'token', content: 'héllo "wasm"' };
    const run = await runJob(runtime(), { wasm_url: await serveCargo('echo'), input });
    expect(run.terminal).toBe('succeeded');
    const bytes = Buffer.byteLength(JSON.stringify(input));
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => [o.seq, o.chunk, o.is_final])).toEqual([
      [1, 'héllo "wasm"', false],
      [2, String(bytes), false],
    ]);
  });

  it('fails a non-zero exit with "Exit code: <n>"', async () => {
    const run = await runJob(runtime(), { wasm_url: await serveCargo('exit3') });
    expect(run.terminal).toBe('failed: Exit code: 3');
  });

  it('fails a trap with the trap, after publishing what was written before it', async () => {
    const run = await runJob(runtime(), { wasm_url: await serveCargo('trap') });
    expect(run.terminal).toBe('failed: WASM trap: unreachable');
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk)).toEqual(['before the trap']);
  });

  it('refuses a module without _start, and one importing what WASI does not provide', async () => {
    expect((await runJob(runtime(), { wasm_url: await serveCargo('noStart') })).terminal).toBe(
      'failed: WASM module has no _start function (only WASI command modules can run)',
    );
    expect((await runJob(runtime(), { wasm_url: await serveCargo('foreignImport') })).terminal).toBe(
      'failed: WASM module imports function "env"."host_secret", which this Island does not provide (only WASI preview1)',
    );
    server.serve('garbage', { bytes: new TextEncoder().encode('#!/bin/sh\necho not wasm\n') });
    expect((await runJob(runtime(), { wasm_url: server.url('garbage') })).terminal).toBe(
      'failed: Invalid WASM module: not a WebAssembly binary (bad magic number)',
    );
  });

  it('stops a module at the stdout limit, having passed on everything before it intact', async () => {
    const run = await runJob(runtime({ maxStdoutBytes: 1024 * 1024 }), { wasm_url: await serveCargo('flood') });
    expect(run.terminal).toBe('failed: Output limit exceeded: the module wrote more than 1 MiB to stdout');
    // 1 MiB is four turns of the stdout ring: every token arrives, in order.
    const tokens = run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk);
    expect(tokens.length).toBeGreaterThan(30_000);
    expect(tokens.every((t, i) => t === String(i))).toBe(true);
  });

  it('does not stall the event loop when a module writes one byte per call', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const run = await runJob(runtime(), { wasm_url: await serveCargo('trickle') });
    delay.disable();
    expect(run.terminal).toBe('succeeded');
    expect(run.reporter.outputsOf(run.job.job_id).length).toBe(20_000);
    // One message per write kept the loop busy for seconds at a time (see shared-output.ts).
    expect(delay.max / 1e6).toBeLessThan(500);
  });
});

describe('WASM runtime: the WASI surface', () => {
  it('gives every WASI preview1 function: a module importing all 46 runs', async () => {
    const imports = [...WASI_PREVIEW1_FUNCTIONS].map((n) => `(import "${WASI_MODULE}" "${n}" (func $${n} (param i32)))`).join('\n');
    server.serve('all-wasi', { bytes: await compileWat('all-wasi', `(module ${imports} (memory (export "memory") 1) (func (export "_start") (call $sched_yield (i32.const 0))))`) });
    expect((await runJob(runtime(), { wasm_url: server.url('all-wasi') })).terminal).toBe('succeeded');
  });

  it('answers descriptor calls itself: a call that reached uvwasi with stdio crashed the process (sock_accept) or changed the null device (fd_filestat_set_times)', async () => {
    const devNull = statSync(devNullPath);
    server.serve('descriptors', { bytes: await buildHostileCargo('descriptors') });
    server.serve('network', { bytes: await buildHostileCargo('network') });
    const rt = runtime();
    const descriptors = await runJob(rt, { wasm_url: server.url('descriptors') });
    const network = await runJob(rt, { wasm_url: server.url('network') });
    expect([descriptors.terminal, network.terminal]).toEqual(['succeeded', 'succeeded']);
    const facts = probeFacts([...descriptors.reporter.outputsOf(descriptors.job.job_id), ...network.reporter.outputsOf(network.job.job_id)].map((o) => o.chunk));
    expect([facts['fd_filestat_set_times.0'], facts['sock_accept.0'], facts['sock_accept.1'], facts['sock_accept.5']]).toEqual(['76', '76', '76', '8']);
    expect(statSync(devNullPath).mtimeMs).toBe(devNull.mtimeMs);
  });

  it('stops a module that calls proc_raise, naming the signal, instead of signalling the Island', async () => {
    server.serve('raise', { bytes: await buildHostileCargo('raiseTERM') });
    const terms: string[] = [];
    const onTerm = () => terms.push('SIGTERM');
    process.on('SIGTERM', onTerm);
    try {
      const run = await runJob(runtime(), { wasm_url: server.url('raise') });
      expect(run.terminal).toBe('failed: WASM trap: proc_raise(SIGTERM) is not supported');
    } finally {
      process.off('SIGTERM', onTerm);
    }
    expect(terms).toEqual([]);
  });

  it('refuses more iovecs in one call than IOV_MAX (1024) with EINVAL', async () => {
    server.serve('iovecs', { bytes: await buildHostileCargo('iovecBomb') });
    const run = await runJob(runtime(), { wasm_url: server.url('iovecs') });
    expect(run.terminal).toBe('succeeded');
    expect(probeFacts(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk))).toEqual({ 'fd_write.iovecs': '28', 'fd_read.iovecs': '28' });
  });
});

describe('WASM runtime: memory cap', () => {
  it('caps memory that declares no maximum: memory.grow fails at 256 MiB (4096 pages) and the module carries on', async () => {
    const run = await runJob(runtime(), { wasm_url: await serveCargo('grow') });
    expect(run.terminal).toBe('succeeded');
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk)).toEqual(['4096']);
  });

  it('lowers a declared 4 GiB maximum to the cap', async () => {
    const run = await runJob(runtime({ memoryLimitBytes: 16 * 1024 * 1024 }), { wasm_url: await serveCargo('growDeclaredMax') });
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk)).toEqual(['256']);
  });

  it('supplies an imported memory whose maximum is the cap', async () => {
    const run = await runJob(runtime({ memoryLimitBytes: 8 * 1024 * 1024 }), { wasm_url: await serveCargo('growImported') });
    expect(run.terminal).toBe('succeeded');
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk)).toEqual(['128']);
  });

  it('takes the cap from its option', async () => {
    const run = await runJob(runtime({ memoryLimitBytes: 1024 * 1024 }), { wasm_url: await serveCargo('grow') });
    expect(run.reporter.outputsOf(run.job.job_id).map((o) => o.chunk)).toEqual(['16']);
  });

  it('refuses a module whose initial memory is over the cap', async () => {
    const run = await runJob(runtime(), { wasm_url: await serveCargo('hugeInitial') });
    expect(run.terminal).toBe("failed: WASM module needs 320 MiB of memory at start, over this Island's 256 MiB limit");
  });
});

describe('WASM runtime: workers', () => {
  it.skipIf(process.platform !== 'linux')('keeps one booted spare worker between jobs, used by the next job and stopped on close', async () => {
    const rt = runtime();
    const url = await serveCargo('echo');
    const before = threadCount();
    expect((await runJob(rt, { wasm_url: url, input: {} })).terminal).toBe('succeeded');
    await waitUntil(() => threadCount() === before + 1, 'one spare worker thread', 5_000);
    expect((await runJob(rt, { wasm_url: url, input: {} })).terminal).toBe('succeeded');
    await waitUntil(() => threadCount() === before + 1, 'still one spare worker thread', 5_000);
    await rt.close();
    await waitUntil(() => threadCount() === before, 'no worker thread after close', 5_000);
  });
});

describe('WASM runtime: runaway modules', () => {
  it('stops an infinite loop at its CPU-time budget', async () => {
    const run = await runJob(runtime({ cpuTimeLimitMs: 500, keepSpareWorker: false }), { wasm_url: await serveCargo('spin') });
    expect(run.terminal).toBe('failed: CPU time limit exceeded (0.5s)');
    expect(run.endedAt).toBeLessThan(5_000);
    expect(await cpuOver(400)).toBeLessThan(200);
  });

  it('stops an infinite loop at the wall-clock timeout and frees its thread', async () => {
    const run = await runJob(runtime({ timeoutSeconds: 1, keepSpareWorker: false }), { wasm_url: await serveCargo('spin') });
    expect(run.terminal).toBe('failed: Timeout: job exceeded 1s limit');
    expect(run.reporter.statesOf(run.job.job_id)).toEqual(['streaming', 'failed: Timeout: job exceeded 1s limit']);
    expect(await cpuOver(400)).toBeLessThan(200);
  });

  it.skipIf(process.platform !== 'linux')('stops a module sleeping in poll_oneoff at the timeout, and its thread ends', async () => {
    const url = await serveCargo('sleeper');
    const before = threadCount();
    const run = await runJob(runtime({ timeoutSeconds: 1, keepSpareWorker: false }), { wasm_url: url });
    expect(run.terminal).toBe('failed: Timeout: job exceeded 1s limit');
    expect(run.endedAt).toBeLessThan(1_500);
    await waitUntil(() => threadCount() <= before, 'the worker thread to end', 2_000);
  });

  it('on cancel, terminates the worker at once and reports cancelled', async () => {
    const controller = new AbortController();
    const log = createTestLogger();
    const url = await serveCargo('spin');
    const running = runJob(runtime({ keepSpareWorker: false }), { wasm_url: url }, { controller, log });
    await waitUntil(() => log.has({ msg: 'running WASM module' }), 'the module to start');
    await new Promise((r) => setTimeout(r, 200));
    const at = performance.now();
    controller.abort({ kind: 'cancel' } satisfies AbortReason);
    const run = await running;
    expect(performance.now() - at).toBeLessThan(500);
    expect(run.terminal).toBe('cancelled');
    expect(run.reporter.outputsOf(run.job.job_id).filter((o) => o.is_final)).toEqual([]);
    expect(await cpuOver(400)).toBeLessThan(200);
  });
});
