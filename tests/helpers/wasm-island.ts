// A real Island running the WASM runtime, against the reference coordinator over a real
// nats-server, with a local HTTP server for the modules: the setup the WASM integration suites
// share. Jobs are dispatched by the coordinator and read back from what it received.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogRecord } from '../../src-main/agent/log/types';
import { islandPaths } from '../../src-main/agent/paths';
import { RuntimeEventHub, type RuntimeEvent } from '../../src-main/agent/runtimes/runtime-events';
import { WasmRuntime, type WasmRuntimeOptions } from '../../src-main/agent/runtimes/wasm/index';
import { startModuleServer, type ModuleServer } from '../fixtures/wasm/module-server';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { DispatchJob, JobRecord, ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { startIsland, type IslandFixture } from './island-fixture';
import { createTestLogger } from './test-logger';

export interface WasmIsland {
  nats: NatsServerHandle;
  coord: ReferenceCoordinator;
  modules: ModuleServer;
  fixture: IslandFixture;
  runtime: WasmRuntime;
  /** Runtime events (downloads, availability) in order. */
  events: RuntimeEvent[];
  /** Serves `bytes` under `name` and returns its URL. */
  serve(name: string, bytes: Uint8Array): string;
  /** Dispatches a `wasm` job and waits for its terminal state. */
  run(job: DispatchJob, opts?: { timeoutMs?: number }): Promise<JobRecord>;
  /** What the Island logged for one job (its engine, runtime and output records). */
  jobLog(jobId: string): LogRecord[];
  close(): Promise<void>;
}

/** `started`, then each later state, with its error when it has one. */
export const jobStates = (job: JobRecord): string[] =>
  job.statuses.map((s) => (s.message.error ? `${s.message.state}: ${s.message.error}` : s.message.state));

export async function startWasmIsland(options: WasmRuntimeOptions = {}): Promise<WasmIsland> {
  const nats = await startNatsServer();
  const coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
  const modules = await startModuleServer();
  const home = mkdtempSync(path.join(tmpdir(), 'island-wasm-'));
  const events: RuntimeEvent[] = [];
  const hub = new RuntimeEventHub();
  hub.on((e) => events.push(e));
  const runtime = new WasmRuntime({ cacheDir: islandPaths(home).wasmCache, log: createTestLogger({ module: 'wasm' }), events: hub.emit }, options);
  const fixture = await startIsland({ natsUrl: nats.url, home, runtimes: [runtime], runtimeEvents: hub });
  await coord.waitForHeartbeats(fixture.hostId, 1);
  return {
    nats,
    coord,
    modules,
    fixture,
    runtime,
    events,
    serve(name, bytes) {
      modules.serve(name, { bytes });
      return modules.url(name);
    },
    async run(job, opts = {}) {
      const jobId = await coord.dispatch(fixture.hostId, { workload_id: 'wasm-test', runtime_type: 'wasm', ...job });
      return coord.waitForJobState(jobId, 'terminal', { timeoutMs: opts.timeoutMs ?? 15_000 });
    },
    jobLog: (jobId) => fixture.log.filter((r) => r.module.endsWith(`job.${jobId}`)),
    async close() {
      await fixture.cleanup();
      await coord.close();
      await nats.stop();
      await modules.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
