// Time to first output of a WASM Cargo, on the Island's whole path against Node running the same
// module by hand.
//
//   (a) Island: the reference coordinator publishes the assignment (JetStream, real nats-server)
//       → the Island pulls it, runs the cached module in its job worker → the first JobOutput
//       arrives on `host.<id>.output` (timed by a subscriber in this process). Measured twice:
//       as shipped (a booted spare worker waits between jobs) and with a worker booted per job.
//   (b) Baseline: a fresh Worker instantiates the module with node:wasi, its stdout a FIFO; timed
//       to the first line read from the FIFO.
// The Island runs the worker bundled by esbuild, as the build ships it: from source, Node would
// strip the worker's types at every boot (+~50 ms), which no installed Island pays.
//
// Run: npx tsx bench/wasm-first-output.ts [runs=30]. Prints a JSON summary (progress on stderr).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';
import { build } from 'esbuild';
import { islandPaths } from '../src-main/agent/paths';
import { WasmRuntime } from '../src-main/agent/runtimes/wasm/index';
import { buildCargo } from '../tests/fixtures/wasm/cargos';
import { startModuleServer } from '../tests/fixtures/wasm/module-server';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { startNatsServer } from '../tests/harness/nats-server';
import { startIsland } from '../tests/helpers/island-fixture';
import { createTestLogger } from '../tests/helpers/test-logger';
import { machine, round, summary } from './lib/stats';

const RUNS = Number(process.argv[2] ?? 30);
const WARMUP = 3;

// The baseline as a Node user would write it: instantiate, give WASI a stdout, call _start.
const BASELINE_WORKER = `
const { workerData } = require('node:worker_threads');
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const out = fs.openSync(workerData.fifo, 'w');
const wasi = new WASI({ version: 'preview1', args: ['hello.wasm'], env: {}, stdout: out, returnOnExit: true });
const instance = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes), wasi.getImportObject());
wasi.start(instance);
fs.closeSync(out);
`;

async function baselineOnce(bytes: Uint8Array, dir: string): Promise<number> {
  const fifo = path.join(dir, `out-${randomUUID()}`);
  execFileSync('mkfifo', [fifo]);
  const firstLine = new Promise<number>((resolve, reject) => {
    const stream = createReadStream(fifo);
    stream.on('data', (chunk) => {
      if (chunk.includes('\n')) {
        resolve(performance.now());
        stream.destroy();
      }
    });
    stream.on('error', reject);
  });
  const t0 = performance.now();
  // Plain Node, as the Island's own workers run: not this bench's tsx loader.
  const worker = new Worker(BASELINE_WORKER, { eval: true, workerData: { bytes, fifo }, stderr: true, execArgv: [] });
  const exited = new Promise((r) => worker.once('exit', r));
  worker.stderr.resume();
  const t1 = await firstLine;
  await exited;
  rmSync(fifo, { force: true });
  return t1 - t0;
}

/** The job worker as scripts/build.mjs bundles it (dist/wasm-worker.mjs). */
async function bundleWorker(dir: string): Promise<string> {
  const outfile = path.join(dir, 'wasm-worker.mjs');
  await build({
    entryPoints: ['src-main/agent/runtimes/wasm/wasm-worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

interface Phase {
  island: number[];
  baseline: number[];
}

async function measure(keepSpareWorker: boolean, workerFile: string, dir: string, bytes: Uint8Array, natsUrl: string): Promise<Phase> {
  const coord = await startReferenceCoordinator({ natsUrl });
  const modules = await startModuleServer();
  modules.serve('hello.wasm', { bytes });
  const home = mkdtempSync(path.join(dir, 'island-'));
  const runtime = new WasmRuntime(
    { cacheDir: islandPaths(home).wasmCache, log: createTestLogger(), events: () => undefined },
    { workerFile, keepSpareWorker },
  );
  const fixture = await startIsland({ natsUrl, home, runtimes: [runtime] });
  const nc = await connect({ servers: natsUrl });
  const firstOutput = new Map<string, (at: number) => void>();
  const sub = nc.subscribe(`host.${fixture.hostId}.output`);
  void (async () => {
    for await (const m of sub) {
      const at = performance.now();
      const { job_id } = m.json<{ job_id: string }>();
      firstOutput.get(job_id)?.(at);
      firstOutput.delete(job_id);
    }
  })();

  async function islandOnce(): Promise<number> {
    const jobId = randomUUID();
    const arrived = new Promise<number>((resolve) => firstOutput.set(jobId, resolve));
    const t0 = performance.now();
    await coord.dispatch(fixture.hostId, { job_id: jobId, runtime_type: 'wasm', wasm_url: modules.url('hello.wasm'), input: { prompt: 'hi' } });
    const t1 = await arrived;
    await coord.waitForJobState(jobId, 'terminal');
    return t1 - t0;
  }

  try {
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const phase: Phase = { island: [], baseline: [] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // Interleaved, so that drift on a shared machine hits both alike.
      const a = await islandOnce();
      const b = await baselineOnce(bytes, dir);
      process.stderr.write(`${keepSpareWorker ? 'spare' : 'fresh'} #${i}: island ${a.toFixed(1)} ms, baseline ${b.toFixed(1)} ms\n`);
      if (i >= WARMUP) {
        phase.island.push(a);
        phase.baseline.push(b);
      }
    }
    coord.assertNoViolations();
    return phase;
  } finally {
    sub.unsubscribe();
    await nc.close();
    await fixture.cleanup();
    await coord.close();
    await modules.close();
  }
}

/** Median, p90 and worst case, in milliseconds. */
function stats(samples: number[]) {
  const s = summary(samples);
  return { runs: s.n, median_ms: round(s.p50, 2), p90_ms: round(s.p90, 2), max_ms: round(s.max, 2) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-wasm-'));
  const nats = await startNatsServer();
  try {
    const bytes = await buildCargo('hello');
    const workerFile = await bundleWorker(dir);
    const spare = await measure(true, workerFile, dir, bytes, nats.url);
    const fresh = await measure(false, workerFile, dir, bytes, nats.url);
    const baseline = stats([...spare.baseline, ...fresh.baseline]);
    const island = stats(spare.island);
    const islandFresh = stats(fresh.island);
    const result = {
      bench: 'wasm-first-output',
      module: { name: 'hello (WAT built by wabt): one token line, then done', bytes: bytes.length, cached: true },
      island: { path: 'coordinator dispatch (JetStream) → Island → first JobOutput on NATS; spare worker (as shipped)', ...island },
      island_fresh_worker: { path: 'the same, a worker booted per job (keepSpareWorker: false)', ...islandFresh },
      baseline: { path: 'fresh Worker + node:wasi → first stdout line (FIFO)', ...baseline },
      ratio_median: round(island.median_ms / baseline.median_ms, 2),
      ratio_p90: round(island.p90_ms / baseline.p90_ms, 2),
      ratio_median_fresh_worker: round(islandFresh.median_ms / baseline.median_ms, 2),
      machine: { ...machine(), loadavg_1m: round(loadavg()[0]!, 2) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
