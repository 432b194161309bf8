// WASM Cargos end to end: the reference coordinator dispatches `runtime_type:"wasm"` jobs over a
// real nats-server to a real Island, which downloads real modules (WAT built by wabt) from a
// local HTTP server and runs them in worker threads. Every message is checked for wire
// compatibility by the coordinator (afterEach).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeEventHub, type RuntimeEvent } from '../../src-main/agent/runtimes/runtime-events';
import { WasmRuntime } from '../../src-main/agent/runtimes/wasm/index';
import { islandPaths } from '../../src-main/agent/paths';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { JobRecord, ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { buildCargo, buildStreamCargo, type CargoName } from '../fixtures/wasm/cargos';
import { startModuleServer, type ModuleServer } from '../fixtures/wasm/module-server';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';

const natsBin = requireBinary('nats-server', { neededBy: 'the WASM runtime integration tests' });

const states = (job: JobRecord) => job.statuses.map((s) => (s.message.error ? `${s.message.state}: ${s.message.error}` : s.message.state));
const chunks = (job: JobRecord) => job.outputs.map((o) => [o.message.seq, o.message.chunk, o.message.is_final]);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!natsBin)('WASM runtime ↔ reference coordinator (real nats-server, real Island)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let modules: ModuleServer;
  let fixture: IslandFixture;
  let home: string;
  const events: RuntimeEvent[] = [];

  async function serve(name: CargoName): Promise<string> {
    modules.serve(name, { bytes: await buildCargo(name) });
    return modules.url(name);
  }

  async function run(job: Parameters<ReferenceCoordinator['dispatch']>[1]): Promise<JobRecord> {
    const jobId = await coord.dispatch(fixture.hostId, { workload_id: 'wasm-test', runtime_type: 'wasm', ...job });
    return coord.waitForJobState(jobId, 'terminal', { timeoutMs: 15_000 });
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    modules = await startModuleServer();
    home = mkdtempSync(path.join(tmpdir(), 'island-wasm-it-'));
    const hub = new RuntimeEventHub();
    hub.on((e) => events.push(e));
    // A short wall clock and CPU budget, so that the runaway cases end quickly: a spinning
    // module meets the CPU budget first, a sleeping one the wall clock.
    const runtime = new WasmRuntime(
      { cacheDir: islandPaths(home).wasmCache, log: createTestLogger({ module: 'wasm' }), events: hub.emit },
      { timeoutSeconds: 3, cpuTimeLimitMs: 1_500 },
    );
    fixture = await startIsland({ natsUrl: nats.url, home, runtimes: [runtime], runtimeEvents: hub });
    await coord.waitForHeartbeats(fixture.hostId, 1);
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await coord?.close();
    await nats?.stop();
    await modules?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  afterEach(() => coord.assertNoViolations());

  it('advertises the wasm runtime in its heartbeat', async () => {
    const host = await coord.waitForHeartbeats(fixture.hostId, 1);
    expect(host.heartbeats.at(-1)!.message.performance_estimates?.supported_runtimes).toContain('wasm');
  });

  it('streams: streaming on the status line, tokens from seq 1 as they are written, the final chunk for done, then succeeded', async () => {
    modules.serve('stream', { bytes: await buildStreamCargo(300) });
    const job = await run({ wasm_url: modules.url('stream'), input: { prompt: 'hi' } });
    expect(states(job)).toEqual(['started', 'streaming', 'succeeded']);
    expect(chunks(job)).toEqual([
      [1, 'Hello', false],
      [2, ' world', false],
      [3, '', true],
    ]);
    expect(job.progress.map((p) => [p.message.step, p.message.total])).toEqual([[1, 2]]);
    // The coordinator had the first token ~600 ms (two pauses) before the job ended.
    const ended = job.statuses.at(-1)!.at;
    expect(ended - job.outputs[0]!.at).toBeGreaterThan(450);
    expect(events.some((e) => e.type === 'download' && e.phase === 'done' && e.url === modules.url('stream'))).toBe(true);
  });

  it('passes the input on stdin and reuses the cached module for the next job', async () => {
    const url = await serve('echo');
    const bytes = await buildCargo('echo');
    const input = { type: 'token', content: 'über' };
    for (let i = 0; i < 2; i++) {
      const job = await run({ wasm_url: url, wasm_hash: `sha256:${sha256(bytes)}`, input });
      expect(states(job)).toEqual(['started', 'succeeded']);
      expect(job.text).toBe(`über${Buffer.byteLength(JSON.stringify(input))}`);
      expect(job.outputs.some((o) => o.message.is_final)).toBe(false);
    }
    expect(modules.requests('echo')).toBe(1);
  });

  it('reports every failure as failed with its reason (the Rust Island says succeeded for executor errors)', async () => {
    const echo = await buildCargo('echo');
    const cases: [Parameters<ReferenceCoordinator['dispatch']>[1], string][] = [
      [{ wasm_url: await serve('exit3') }, 'Exit code: 3'],
      [{ wasm_url: await serve('trap') }, 'WASM trap: unreachable'],
      [{ wasm_url: await serve('noStart') }, 'WASM module has no _start function (only WASI command modules can run)'],
      [{ wasm_url: await serve('hugeInitial') }, "WASM module needs 320 MiB of memory at start, over this Island's 256 MiB limit"],
      [{ wasm_url: null }, 'WASM workload missing wasm_url'],
      [{ wasm_url: '/usr/bin/true' }, 'wasm_url must be an http:// or https:// URL, got "/usr/bin/true" (local files are never run)'],
      [{ wasm_url: 'file:///etc/passwd' }, 'wasm_url must be an http:// or https:// URL, got "file:///etc/passwd" (local files are never run)'],
      [
        { wasm_url: await serve('echo'), wasm_hash: '00'.repeat(32) },
        `Failed to download/cache WASM module: hash mismatch: expected ${'00'.repeat(32)}, got ${sha256(echo)}`,
      ],
      [{ wasm_url: `${modules.origin}/missing.wasm` }, 'Failed to download/cache WASM module: HTTP 404 Not Found'],
    ];
    for (const [job, error] of cases) {
      const record = await run(job);
      expect(states(record)).toEqual(['started', `failed: ${error}`]);
    }
  });

  it('caps memory: growth stops at 256 MiB inside the module', async () => {
    const job = await run({ wasm_url: await serve('grow') });
    expect(states(job)).toEqual(['started', 'succeeded']);
    expect(job.text).toBe('4096');
  });

  it('stops an infinite loop at the CPU budget, and a sleeping module at the wall clock', async () => {
    const spin = await run({ wasm_url: await serve('spin') });
    expect(states(spin)).toEqual(['started', 'streaming', 'failed: CPU time limit exceeded (1.5s)']);
    const sleeper = await run({ wasm_url: await serve('sleeper') });
    expect(states(sleeper)).toEqual(['started', 'streaming', 'failed: Timeout: job exceeded 3s limit']);
  });

  it('cancels a running module: cancelled, no final chunk', async () => {
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', wasm_url: await serve('sleeper') });
    await coord.waitForJobState(jobId, 'streaming');
    await coord.cancel(fixture.hostId, jobId);
    const job = await coord.waitForJobState(jobId, 'terminal');
    expect(states(job)).toEqual(['started', 'streaming', 'cancelled']);
    expect(job.statuses.at(-1)!.at - job.cancelRequestedAt!).toBeLessThan(500);
    expect(job.outputs).toEqual([]);
  });
});
