// The Island against the reference coordinator over a real nats-server: every WIRE message is
// decoded strictly by the coordinator, which records a violation for anything a Rust-era
// coordinator would not accept (afterEach asserts there are none).
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { FakeRuntime, sleep } from '../helpers/fake-runtime';
import { recordedNvidiaSmi } from '../helpers/recorded-nvidia-smi';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server');

describe.skipIf(!natsBin)('Island ↔ reference coordinator (real nats-server)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let fixture: IslandFixture | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
  });
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = null;
    coord.assertNoViolations();
  });

  it('registers with the §3.2 shape once subscribed, and its first heartbeat follows at once', async () => {
    fixture = await startIsland({ natsUrl: nats.url, toml: '[host]\nregion = "eu-west"\n' });
    const host = await coord.waitForHost(fixture.hostId);
    const reg = host.registrations[0]!;
    expect(reg.message).toEqual({
      host_id: fixture.hostId,
      capabilities: {
        gpu_model: null,
        gpu_vram_mb: null,
        cpu_cores: cpus().length,
        ram_mb: Math.floor(totalmem() / 1048576),
        region: 'eu-west',
      },
      version: '0.5.0',
    });
    const hb = (await coord.waitForHeartbeats(fixture.hostId, 1)).heartbeats[0]!;
    expect(hb.at - reg.at).toBeLessThan(1_000);
  });

  it('heartbeats every 10 s with metrics, estimates, RTT and asking prices, written as the coordinator expects', async () => {
    fixture = await startIsland({
      natsUrl: nats.url,
      toml: '[pricing]\ndefault_price = "1.0"\n[pricing.workloads]\n"llm-chat" = "2.0"\n',
      runtimes: [new FakeRuntime('wasm')],
    });
    const beats = (await coord.waitForHeartbeats(fixture.hostId, 2, { timeoutMs: 15_000 })).heartbeats;
    const gap = beats[1]!.at - beats[0]!.at;
    // 10 s apart; the margin absorbs a busy CI machine without letting a 5 s or 20 s cadence pass.
    expect(gap).toBeGreaterThan(9_000);
    expect(gap).toBeLessThan(11_500);
    const hb = beats[1]!.message;
    expect(hb.status).toBe('online');
    expect(hb.active_jobs).toBe(0);
    expect(hb.agent_version).toBe('0.5.0');
    expect(hb.system!.memory_total_mb).toBe(Math.floor(totalmem() / 1048576));
    expect(hb.system!.cpu_percent).toBeGreaterThanOrEqual(0);
    expect(hb.gpus).toBeUndefined(); // no nvidia-smi: the key is omitted, as the Rust Island does
    expect(hb.cache).toEqual({ cached_image_count: 0, cached_size_mb: 0, warm_workload_count: 0, warm_workload_ids: [] });
    expect(hb.performance_estimates).toMatchObject({
      gpu_bandwidth_gb_s: null,
      estimated_llm_tok_s: null,
      supported_runtimes: ['wasm'],
    });
    expect(hb.performance_estimates!.nats_rtt_ms).toBeGreaterThan(0);
    expect(hb.asking_prices).toEqual({ 'llm-chat': '2.0', _default: '1.0' });
    // The raw text carries floats with a decimal point (checked strictly by the coordinator too).
    expect(beats[1]!.raw).toMatch(/"cpu_percent":\d+\.\d+/);
  }, 30_000);

  it('reports every GPU from recorded nvidia-smi output, and the estimates of §9.3', async () => {
    const calls: string[] = [];
    fixture = await startIsland({ natsUrl: nats.url, nvidiaSmi: recordedNvidiaSmi('rtx4090-rtx3060', calls) });
    const host = await coord.waitForHost(fixture.hostId);
    expect(host.registrations[0]!.message.capabilities).toMatchObject({ gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mb: 24564 });
    const beat = (await coord.waitForHeartbeats(fixture.hostId, 1)).heartbeats[0];
    const hb = beat!.message;
    expect(hb.gpus).toEqual([
      { index: 0, utilization_percent: 97, memory_used_mb: 21874, memory_total_mb: 24564, temperature_c: 74, power_draw_w: 412.36 },
      { index: 1, utilization_percent: 0, memory_used_mb: 9, memory_total_mb: 12288, temperature_c: 36, power_draw_w: 15.42 },
    ]);
    expect(hb.performance_estimates).toMatchObject({ gpu_bandwidth_gb_s: 1008, estimated_llm_tok_s: 123 });
    expect(beat!.raw).toContain('"gpu_bandwidth_gb_s":1008.0');
    expect(calls).toContain('metrics');
  });

  it('asks for a pairing code, keeps it for the dashboard, and learns when it is paired', async () => {
    fixture = await startIsland({ natsUrl: nats.url });
    const { island, log, paths, hostId } = fixture;
    await waitUntil(() => island.snapshot().pairing?.type === 'code', 'a pairing code');
    const shown = island.snapshot().pairing;
    if (shown?.type !== 'code') throw new Error('unreachable');
    expect(shown.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(shown.pairUrl).toContain(shown.code);
    expect(shown.expiresAtMs - Date.now()).toBeGreaterThan(590_000);
    expect(log.has({ level: 'info', msg: `ISLAND PAIRING CODE: ${shown.code}` })).toBe(true);
    const onDisk = JSON.parse(readFileSync(paths.state, 'utf8'));
    expect(onDisk).toMatchObject({ host_id: hostId, paired: false, pairing: { code: shown.code } });

    coord.approvePairing(hostId, 'acct-42');
    const after = await island.requestPairingCode();
    expect(after.type).toBe('paired');
    const paired = JSON.parse(readFileSync(paths.state, 'utf8'));
    expect(paired.paired).toBe(true);
    expect(paired.paired_at).toMatch(/^\d+$/);
    expect(paired.pairing).toBeNull();
  });

  it('creates the durable pull consumer exactly as the Rust Island does', async () => {
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [new FakeRuntime('wasm')] });
    await waitUntil(() => fixture!.island.snapshot().jobSource.type === 'jetstream', 'JetStream job delivery');
    const nc = await connect({ servers: nats.url });
    try {
      const info = await (await jetstreamManager(nc)).consumers.info('JOBS', `host-${fixture.hostId}`);
      expect(info.config).toMatchObject({
        durable_name: `host-${fixture.hostId}`,
        filter_subject: `host.${fixture.hostId}.jobs`,
        ack_policy: AckPolicy.Explicit,
        max_deliver: 5,
        ack_wait: 60_000_000_000,
      });
    } finally {
      await nc.close();
    }
  });

  it('runs a dispatched job: started, streamed output, final chunk, succeeded, and a ledger row with its credits', async () => {
    fixture = await startIsland({
      natsUrl: nats.url,
      toml: '[pricing]\n[pricing.workloads]\n"llm-chat" = "2.5"\n',
      runtimes: [new FakeRuntime('wasm')],
    });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const jobId = await coord.dispatch(fixture.hostId, {
      workload_id: 'llm-chat',
      runtime_type: 'wasm',
      input: { tokens: ['Hello', ' world'], streaming: true },
    });
    const job = await coord.waitForJobState(jobId, 'succeeded');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'succeeded']);
    expect(job.text).toBe('Hello world');
    expect(job.outputs.map((o) => [o.message.seq, o.message.is_final])).toEqual([[1, false], [2, false], [3, true]]);
    const row = fixture.island.ledger.recent(1)[0]!;
    expect(row).toMatchObject({ job_id: jobId, workload_id: 'llm-chat', state: 'succeeded', price: '2.5', credits: 2.5, tokens: 2 });
  });

  it('rejects malformed assignments loudly: failed with the reason when a job_id is readable, a log line otherwise', async () => {
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [new FakeRuntime('wasm')] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const badId = await coord.publishRawJob(fixture.hostId, '{"job_id":"bad-types","input":{},"lease_expires":"tomorrow"}');
    const bad = await coord.waitForJobState(badId!, 'failed');
    expect(bad.statuses.map((s) => s.message.state)).toEqual(['started', 'failed']);
    expect(bad.statuses[1]!.message.error).toMatch(/Malformed job assignment: .*lease_expires.*integer/);

    const nullRuntime = await coord.publishRawJob(fixture.hostId, '{"job_id":"bad-null","input":{},"lease_expires":0,"runtime_type":null}');
    expect((await coord.waitForJobState(nullRuntime!, 'failed')).statuses[1]!.message.error).toMatch(/runtime_type/);

    await coord.publishRawJob(fixture.hostId, 'not valid json');
    await waitUntil(() => fixture!.log.has({ level: 'error', msg: 'rejected a malformed job assignment' }) && fixture!.log.filter({ msg: 'malformed' }).length === 3, 'three rejections logged');
    // An unknown runtime is not silently sent to containers.
    const unknown = await coord.dispatch(fixture.hostId, { runtime_type: 'quantum' });
    expect((await coord.waitForJobState(unknown, 'failed')).statuses[1]!.message.error).toMatch(/Unknown runtime_type "quantum"/);
  });

  it('cancels a running job on request and reports cancelled', async () => {
    const rt = new FakeRuntime('wasm');
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [rt] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', input: { hang: true } });
    await coord.waitForJobState(jobId, 'started');
    await coord.cancel(fixture.hostId, jobId);
    const job = await coord.waitForJobState(jobId, 'cancelled');
    expect(job.outputs.filter((o) => o.message.is_final)).toEqual([]);
    expect(rt.aborted).toEqual([jobId]);
  });

  it('renews the lease of a native-runtime job too (the Rust Island does not)', async () => {
    fixture = await startIsland({
      natsUrl: nats.url,
      runtimes: [new FakeRuntime('llmcpp', 0)],
      timings: { leaseIntervalMs: 150 },
    });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'llmcpp', input: { tokens: ['a', 'b', 'c', 'd'], delayMs: 150 } });
    const job = await coord.waitForJobState(jobId, 'succeeded');
    expect(job.leaseRenewals.length).toBeGreaterThanOrEqual(2);
    expect(job.leaseRenewals.every((l) => l.message.extend_seconds === 60)).toBe(true);
  });

  it('admission control: never more jobs at once than slots; the rest wait unpulled in the stream', async () => {
    fixture = await startIsland({
      natsUrl: nats.url,
      toml: '[jobs]\nmax_concurrent = 1\n',
      runtimes: [new FakeRuntime('wasm')],
    });
    await waitUntil(() => fixture!.island.snapshot().jobSource.type === 'jetstream', 'JetStream job delivery');
    // It advertises what it will admit, not the hardware formula, so the coordinator does not oversend.
    const beat = (await coord.waitForHeartbeats(fixture.hostId, 1)).heartbeats[0]!.message;
    expect(beat.performance_estimates!.max_concurrent_containers).toBe(1);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', input: { tokens: ['x'], delayMs: 400 } }));
    await coord.waitForJobState(ids[0]!, 'started');
    await sleep(100);
    const nc = await connect({ servers: nats.url });
    try {
      const info = await (await jetstreamManager(nc)).consumers.info('JOBS', `host-${fixture.hostId}`);
      expect(info.num_pending).toBe(2); // still in the coordinator's stream, not taken and left waiting here
    } finally {
      await nc.close();
    }
    const jobs = await Promise.all(ids.map((id) => coord.waitForJobState(id, 'succeeded', { timeoutMs: 10_000 })));
    // Each started only after the previous one ended.
    for (let i = 1; i < jobs.length; i++) {
      const prevEnd = jobs[i - 1]!.statuses.at(-1)!.at;
      expect(jobs[i]!.statuses[0]!.at).toBeGreaterThanOrEqual(prevEnd);
    }
  });

  it('[availability] mode = "paused" takes no job from the first second, offers no runtimes, and runs it once resumed', async () => {
    fixture = await startIsland({ natsUrl: nats.url, toml: '[availability]\nmode = "paused"\n', runtimes: [new FakeRuntime('wasm')] });
    const beat = (await coord.waitForHeartbeats(fixture.hostId, 1)).heartbeats[0]!.message;
    expect(beat.status).toBe('online');
    expect(beat.performance_estimates!.supported_runtimes).toEqual([]);
    expect(fixture.island.snapshot().phase).toBe('paused');
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', input: { tokens: ['later'] } });
    await sleep(500);
    expect(coord.job(jobId)!.statuses).toEqual([]); // still in the stream, untouched
    fixture.island.resume();
    expect((await coord.waitForJobState(jobId, 'succeeded')).text).toBe('later');
    const after = coord.host(fixture.hostId)!.heartbeats.at(-1)!.message;
    expect(after.performance_estimates!.supported_runtimes).toEqual(['wasm']);
  });

  it('answers peer probes with pong and hands preload recommendations on', async () => {
    fixture = await startIsland({ natsUrl: nats.url });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const seen: string[] = [];
    fixture.island.on((e) => {
      if (e.type === 'preload') seen.push(e.rec.workload_slug);
    });
    const nc = await connect({ servers: nats.url });
    try {
      const reply = await nc.request(`host.${fixture.hostId}.probe`, 'probe', { timeout: 2_000 });
      expect(reply.string()).toBe('pong');
    } finally {
      await nc.close();
    }
    await coord.sendPreload(fixture.hostId, { workload_slug: 'llm-chat', runtime_type: 'llmcpp', model_url: 'https://example.com/m.gguf' });
    await waitUntil(() => seen.includes('llm-chat'), 'the preload event');
  });
});
