// nats-server killed (SIGKILL, a crash) and restarted while a real Island process streams a real
// WASM Cargo's output: the job's output completes, nothing is reported twice, and JetStream
// delivery resumes for the next job. The bundled `island --agent` runs, so every layer is the
// shipped one (NATS client options, reconnect, job source, WASM runtime).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { JOBS_STREAM } from '../../src-shared/protocol/subjects';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { compileWat, wasiCommand } from '../fixtures/wasm/wat';
import { startModuleServer, type ModuleServer } from '../fixtures/wasm/module-server';
import { waitUntil } from '../helpers/wait-until';
import { ensureBundle, hostIdOf, spawnIsland, type IslandProcess } from '../helpers/island-process';

const natsBin = requireBinary('nats-server');

const TICKS = 40;
const TICK_MS = 100;
/** Writes the tokens 0, 1, … TICKS-1, one every TICK_MS, then `done`: about 4 s of output. */
const TICKER = wasiCommand({
  body: String.raw`
  (data (i32.const 1024) "{\"type\":\"done\"}\n\00")
  (func (export "_start") (local $i i32)
    (loop $tick
      (call $token_uint (local.get $i))
      (call $sleep_ms (i32.const ${TICK_MS}))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $tick (i32.lt_u (local.get $i) (i32.const ${TICKS}))))
    (call $puts (i32.const 1024)))`,
});
const ALL_TICKS = Array.from({ length: TICKS }, (_, i) => String(i)).join('');


describe.skipIf(!natsBin)('nats-server crashes mid-job (real Island process, real WASM Cargo)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let modules: ModuleServer;
  const homes: string[] = [];
  const procs: IslandProcess[] = [];

  beforeAll(async () => {
    ensureBundle();
    nats = await startNatsServer();
    // As in production, statuses and output land in JetStream streams, so what the Island sends
    // before the coordinator itself has reconnected is not lost on the way.
    coord = await startReferenceCoordinator({ natsUrl: nats.url, resultStreams: true });
    modules = await startModuleServer();
    modules.serve('ticker.wasm', { bytes: await compileWat('ticker', TICKER) });
  });
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await modules?.close();
    await coord?.close();
    await nats?.stop();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  });
  afterEach(() => coord.assertNoViolations());

  function startIsland(): IslandProcess {
    const home = mkdtempSync(path.join(tmpdir(), 'island-nats-fault-'));
    homes.push(home);
    const p = spawnIsland(home, { toml: `[coordinator]\nnats_url = "${nats.url}"\n[preload]\nenabled = false\n[dashboard]\nport = 0\n` });
    procs.push(p);
    return p;
  }

  const jetstreamLines = (p: IslandProcess): number => p.output().match(/taking jobs from JetStream/g)?.length ?? 0;

  /** How many jobs the Island's durable JetStream consumer has delivered (server-side count). */
  async function deliveredByConsumer(hostId: string): Promise<number> {
    const nc = await connect({ servers: nats.url });
    try {
      const info = await (await jetstreamManager(nc)).consumers.info(JOBS_STREAM, `host-${hostId}`);
      return info.delivered.consumer_seq;
    } finally {
      await nc.close();
    }
  }

  it('the running job’s output completes once, and JetStream delivery resumes for the next job', async () => {
    const p = startIsland();
    await waitUntil(() => /Island starting host_id=/.test(p.output()), 'the Island to start', 20_000);
    const hostId = hostIdOf(p);
    await coord.waitForHeartbeats(hostId, 1, { timeoutMs: 15_000 });
    await waitUntil(() => jetstreamLines(p) === 1, 'JetStream delivery', 10_000);
    const registrations = coord.host(hostId)!.registrations.length;

    const jobId = await coord.dispatch(hostId, { workload_id: 'ticker', runtime_type: 'wasm', wasm_url: modules.url('ticker.wasm'), input: {} });
    await coord.waitFor('the first tokens', () => (coord.job(jobId)?.outputs.length ?? 0) >= 5, { timeoutMs: 15_000 });
    await nats.kill();
    // Down for more than a second: the Island keeps running the Cargo and holds what it writes.
    await new Promise((r) => setTimeout(r, 1_500));
    await nats.restart();

    const job = await coord.waitForJobState(jobId, 'succeeded', { timeoutMs: 30_000 });
    expect(job.text).toBe(ALL_TICKS);
    const states = job.statuses.map((s) => s.message.state);
    expect(states.filter((s) => s === 'started')).toHaveLength(1);
    expect(states.filter((s) => s === 'succeeded' || s === 'failed' || s === 'cancelled')).toEqual(['succeeded']);
    const seqs = job.outputs.map((o) => o.message.seq);
    expect(new Set(seqs).size).toBe(seqs.length); // no chunk twice
    expect(job.outputs.filter((o) => o.message.is_final)).toHaveLength(1);
    expect(p.output()).toMatch(/reconnected/i);

    // The Island registers again and goes back to its JetStream consumer (not the core fallback).
    await waitUntil(() => coord.host(hostId)!.registrations.length > registrations, 'the Island to register again', 15_000);
    const deliveredBefore = await deliveredByConsumer(hostId);
    const next = await coord.dispatch(hostId, { workload_id: 'ticker', runtime_type: 'wasm', wasm_url: modules.url('ticker.wasm'), input: {} });
    const again = await coord.waitForJobState(next, 'succeeded', { timeoutMs: 30_000 });
    expect(again.text).toBe(ALL_TICKS);
    // It came through the Island's durable consumer, not the core-NATS fallback.
    expect(await deliveredByConsumer(hostId)).toBe(deliveredBefore + 1);
    expect(p.output()).not.toMatch(/using core NATS/);
  }, 90_000);
});
