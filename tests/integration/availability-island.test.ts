// The availability policy applied to a real Island against the reference coordinator over a real
// nats-server: a policy change stops and restarts job pulling (jobs wait in the stream, then run),
// `mode = "paused"` holds from the first second, a thermal trip read from nvidia-smi output pauses
// and recovers below the resume line, on_pause = "cancel" ends a running job `cancelled`, and an
// excluded GPU is left out of the registration and the heartbeat.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/agent/config/load-config';
import { Island, type IslandOptions } from '../../src-main/agent/island';
import { GpuProbe, type RunTool } from '../../src-main/agent/metrics/gpu-probe';
import { islandPaths } from '../../src-main/agent/paths';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { FakeRuntime, sleep } from '../helpers/fake-runtime';
import { noNvidiaSmi } from '../helpers/island-fixture';
import { recordedNvidiaSmi } from '../helpers/recorded-nvidia-smi';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server');

interface Opened {
  island: Island;
  cleanup(): Promise<void>;
}

/** Like tests/helpers/island-fixture, plus a GpuProbe without its 5 s cache and quick sensor reads. */
async function openIsland(natsUrl: string, toml: string, opts: { nvidiaSmi?: RunTool; runtime?: FakeRuntime; availability?: IslandOptions['availability'] } = {}): Promise<Opened> {
  const home = mkdtempSync(path.join(tmpdir(), 'island-availability-'));
  const paths = islandPaths(home);
  writeFileSync(paths.config, `[coordinator]\nnats_url = "${natsUrl}"\n${toml}\n`);
  const { config } = loadConfig({ path: paths.config, explicit: true, env: {} });
  const island = await Island.open({
    config,
    paths,
    log: createTestLogger(),
    runtimes: [opts.runtime ?? new FakeRuntime('wasm')],
    gpu: new GpuProbe({ run: opts.nvidiaSmi ?? noNvidiaSmi, cacheMs: 0 }),
    availability: { sensorEveryMs: 200, ...opts.availability },
  });
  island.start();
  return {
    island,
    cleanup: async () => {
      await island.stop(1_000).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!natsBin)('availability policy on a real Island (reference coordinator, real nats-server)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let opened: Opened | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
  });
  afterEach(async () => {
    await opened?.cleanup();
    opened = null;
    coord.assertNoViolations();
  });

  const runtimesOffered = (hostId: string) => coord.host(hostId)!.heartbeats.at(-1)!.message.performance_estimates!.supported_runtimes;

  it('a policy change stops job pulling (dispatched jobs wait in the stream) and restarts it (they run)', async () => {
    opened = await openIsland(nats.url, '');
    const { island } = opened;
    await island.whenConnected();
    const first = await coord.dispatch(island.hostId, { runtime_type: 'wasm', input: { tokens: ['now'] } });
    expect((await coord.waitForJobState(first, 'succeeded')).text).toBe('now');

    island.availability.setManual({ kind: 'paused' });
    await waitUntil(() => runtimesOffered(island.hostId).length === 0, 'a heartbeat offering no runtimes', 5_000);
    expect(island.snapshot()).toMatchObject({ phase: 'paused', pauseReason: 'Paused by you', jobSource: { type: 'paused' } });
    const waiting = await coord.dispatch(island.hostId, { runtime_type: 'wasm', input: { tokens: ['later'] } });
    await sleep(1_500);
    expect(coord.job(waiting)!.statuses).toEqual([]);

    island.availability.setManual({ kind: 'online' });
    expect((await coord.waitForJobState(waiting, 'succeeded')).text).toBe('later');
    await waitUntil(() => runtimesOffered(island.hostId).join() === 'wasm', 'a heartbeat offering wasm again', 5_000);
  });

  it('mode = "paused" in config.toml takes no job from the first second, with the reason shown', async () => {
    opened = await openIsland(nats.url, '[availability]\nmode = "paused"\n');
    const { island } = opened;
    expect(island.snapshot()).toMatchObject({ paused: true, pauseReason: 'Paused by you' });
    expect(island.availability.status().decision).toMatchObject({ available: false, decidedBy: 'manual' });
    const hostId = island.hostId;
    const beat = (await coord.waitForHeartbeats(hostId, 1)).heartbeats[0]!.message;
    expect(beat.performance_estimates!.supported_runtimes).toEqual([]);
    const jobId = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { tokens: ['held'] } });
    await sleep(1_500);
    expect(coord.job(jobId)!.statuses).toEqual([]);
    island.availability.setManual({ kind: 'online' });
    expect((await coord.waitForJobState(jobId, 'succeeded')).text).toBe('held');
  });

  it('a thermal trip from nvidia-smi output pauses above thermal_pause_c and recovers only below thermal_resume_c', async () => {
    let machine = 'rtx4090-rtx3060';
    const smi: RunTool = (file, args) => recordedNvidiaSmi(machine)(file, args);
    opened = await openIsland(nats.url, '[availability]\nthermal_pause_c = 85\nthermal_resume_c = 75\n', { nvidiaSmi: smi });
    const { island } = opened;
    await island.whenConnected();
    expect(island.snapshot().paused).toBe(false); // GPU 0 at 74 °C

    machine = 'rtx4090-rtx3060-hot'; // GPU 0 at 91 °C
    await waitUntil(() => island.snapshot().paused, 'the thermal pause', 5_000);
    expect(island.snapshot().pauseReason).toMatch(/GPU 0 at 91 °C/);
    await waitUntil(() => runtimesOffered(island.hostId).length === 0, 'a heartbeat offering no runtimes', 5_000);
    const jobId = await coord.dispatch(island.hostId, { runtime_type: 'wasm', input: { tokens: ['cool'] } });

    machine = 'rtx4090-rtx3060'; // 74 °C: below 75, so it recovers...
    expect((await coord.waitForJobState(jobId, 'succeeded', { timeoutMs: 10_000 })).text).toBe('cool');
    expect(island.snapshot().paused).toBe(false);
  });

  it('stays paused inside the hysteresis band (below the pause line, above the resume line)', async () => {
    let machine = 'rtx4090-rtx3060-hot';
    const smi: RunTool = (file, args) => recordedNvidiaSmi(machine)(file, args);
    opened = await openIsland(nats.url, '[availability]\nthermal_pause_c = 85\nthermal_resume_c = 70\n', { nvidiaSmi: smi });
    const { island } = opened;
    await waitUntil(() => island.snapshot().paused, 'the thermal pause', 5_000);
    machine = 'rtx4090-rtx3060'; // 74 °C: not below 70
    await sleep(1_000);
    expect(island.snapshot().paused).toBe(true);
    expect(island.snapshot().pauseReason).toMatch(/GPU 0 at 74 °C/);
    machine = 'rtx4090-rtx3060-cooled'; // 71 °C: still not below 70
    await sleep(600);
    expect(island.snapshot().paused).toBe(true);
  });

  it('on_pause = "cancel" ends a running job `cancelled`, with the reason in the ledger', async () => {
    opened = await openIsland(nats.url, '[availability]\non_pause = "cancel"\n');
    const { island } = opened;
    await island.whenConnected();
    const jobId = await coord.dispatch(island.hostId, { runtime_type: 'wasm', input: { hang: true } });
    await coord.waitForJobState(jobId, 'started');
    island.availability.setManual({ kind: 'paused' });
    await coord.waitForJobState(jobId, 'cancelled');
    await waitUntil(() => island.ledger.history(10).some((r) => r.job_id === jobId && r.state === 'cancelled'), 'the cancelled ledger row', 3_000);
    const row = island.ledger.history(10).find((r) => r.job_id === jobId)!;
    expect(row.error).toBe("Cancelled by the owner's availability policy: Paused by you");
  });

  it('an excluded GPU is left out of the registration and of every heartbeat', async () => {
    opened = await openIsland(nats.url, '[availability]\nexclude_gpus = ["0"]\n', { nvidiaSmi: recordedNvidiaSmi('rtx4090-rtx3060') });
    const { island } = opened;
    const host = await coord.waitForHeartbeats(island.hostId, 1);
    expect(host.registrations[0]!.message.capabilities).toMatchObject({ gpu_model: 'NVIDIA GeForce RTX 3060', gpu_vram_mb: 12288 });
    expect(host.heartbeats[0]!.message.gpus!.map((g) => g.index)).toEqual([1]);
  });

  it('three failed jobs in a row raise one `alert` event and a log line', async () => {
    opened = await openIsland(nats.url, '');
    const { island } = opened;
    const alerts: string[] = [];
    island.on((e) => {
      if (e.type === 'alert') alerts.push(`${e.alert.kind}: ${e.alert.title}`);
    });
    await island.whenConnected();
    for (let i = 0; i < 4; i++) {
      const id = await coord.dispatch(island.hostId, { runtime_type: 'wasm', input: { fail: `broken ${i}` } });
      await coord.waitForJobState(id, 'failed');
    }
    await waitUntil(() => alerts.length > 0, 'the failed-streak alert', 3_000);
    await sleep(200);
    expect(alerts).toEqual(['failed-streak: 3 jobs failed in a row']);
  });
});
