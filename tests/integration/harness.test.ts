// The test harness itself, against a real nats-server: a tiny fake Island written inline
// (hand-written JSON from island-protocol.md §3) drives the reference coordinator, so every other
// integration test can trust what the coordinator reports.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { decodeAssignJob, decodePairingResponse } from '../../src-shared/protocol/decode';
import { consumerName, hostSubjects, JOBS_STREAM, PAIRING_SUBJECT, REGISTER_SUBJECT } from '../../src-shared/protocol/subjects';
import { API_PATHS, startReferenceCoordinator, type ReferenceCoordinator } from '../harness/coordinator';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';

const natsServer = requireBinary('nats-server', { neededBy: 'tests/integration/harness.test.ts' });

// §3.3 "What a real shipped Island with no GPU sends", verbatim.
const SHIPPED_HOST = '550e8400-e29b-41d4-a716-446655440000';
const SHIPPED_HEARTBEAT = `{"host_id":"550e8400-e29b-41d4-a716-446655440000","status":"online","active_jobs":0,"timestamp":1710000000000,"agent_version":"0.4.0",
 "system":{"cpu_percent":0.0,"memory_used_mb":5120,"memory_total_mb":16384,"disk_used_gb":120,"disk_total_gb":500},
 "cache":{"cached_image_count":0,"cached_size_mb":0,"warm_workload_count":0,"warm_workload_ids":[]},
 "performance_estimates":{"gpu_bandwidth_gb_s":null,"estimated_llm_tok_s":null,"max_concurrent_containers":4,"wasm_memory_limit_mb":12288,"supported_runtimes":["container","wasm","diffusers"],"nats_rtt_ms":0.8}}`;
const register = (hostId: string, region = 'us-east'): string =>
  `{"host_id":"${hostId}","capabilities":{"gpu_model":"RTX 4090","gpu_vram_mb":24576,"cpu_cores":16,"ram_mb":65536,"region":"${region}"},"version":"0.4.0"}`;
const status = (jobId: string, state: string, error?: string): string =>
  `{"job_id":"${jobId}","state":"${state}"${error ? `,"error":"${error}"` : ''},"timestamp":${Date.now()}}`;
const output = (jobId: string, seq: number, chunk: string, isFinal: boolean): string =>
  `{"job_id":"${jobId}","seq":${seq},"chunk":"${chunk}","is_final":${isFinal}}`;

describe.skipIf(!natsServer)('reference coordinator over a real nats-server', () => {
  let server: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let island: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    // 1 ms of job = 100 minutes, so a job of a few ms moves karma.
    coord = await startReferenceCoordinator({ natsUrl: server.url, minutesPerJobMs: 100, waitTimeoutMs: 5000 });
    island = await connect({ servers: server.url, name: 'fake-island', maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await island?.close();
    await coord?.close();
    await server?.stop();
  });

  /** Runs a job through the fake Island: started → tokens → final chunk → succeeded. */
  async function runJob(hostId: string, jobId: string, tokens: string[], sleepMs = 0): Promise<void> {
    const s = hostSubjects(hostId);
    island.publish(s.status, status(jobId, 'started'));
    tokens.forEach((t, i) => island.publish(s.output, output(jobId, i + 1, t, false)));
    island.publish(s.output, output(jobId, tokens.length + 1, '', true));
    if (sleepMs > 0) await island.flush().then(() => new Promise((r) => setTimeout(r, sleepMs)));
    island.publish(s.status, status(jobId, 'succeeded'));
    await coord.waitForJobState(jobId, 'succeeded');
  }

  it('records a registration', async () => {
    island.publish(REGISTER_SUBJECT, register('host-reg'));
    const host = await coord.waitForHost('host-reg');
    expect(host.capabilities).toEqual({ gpu_model: 'RTX 4090', gpu_vram_mb: 24576, cpu_cores: 16, ram_mb: 65536, region: 'us-east' });
    expect(host.version).toBe('0.4.0');
    expect(host.karma.karma).toBe(0);
    coord.assertNoViolations();
  });

  it('accepts the heartbeat of a real shipped Island without violations', async () => {
    island.publish(REGISTER_SUBJECT, register(SHIPPED_HOST));
    island.publish(hostSubjects(SHIPPED_HOST).heartbeat, SHIPPED_HEARTBEAT);
    const host = await coord.waitForHeartbeats(SHIPPED_HOST, 1);
    expect(host.online).toBe(true);
    expect(host.lastRttMs).toBe(0.8);
    expect(host.heartbeats[0]?.message.performance_estimates?.supported_runtimes).toEqual(['container', 'wasm', 'diffusers']);
    coord.assertNoViolations();
  });

  it('flags a heartbeat whose f32 cpu_percent is written as 0', async () => {
    const bad = SHIPPED_HEARTBEAT.replace('"cpu_percent":0.0', '"cpu_percent":0');
    expect(bad).not.toBe(SHIPPED_HEARTBEAT);
    island.publish(hostSubjects(SHIPPED_HOST).heartbeat, bad);
    const v = await coord.waitForViolation({ subject: /\.heartbeat$/ });
    expect(v.error).toMatch(/cpu_percent/);
    expect(v.raw).toBe(bad);
    expect(v.hostId).toBe(SHIPPED_HOST);
    expect(coord.host(SHIPPED_HOST)?.heartbeats).toHaveLength(1); // not counted as a heartbeat
    coord.clearViolations();
  });

  it('flags a heartbeat sent on another host’s subject', async () => {
    island.publish(hostSubjects('someone-else').heartbeat, SHIPPED_HEARTBEAT);
    const v = await coord.waitForViolation({ error: /differs from the subject/ });
    expect(v.subject).toBe('host.someone-else.heartbeat');
    coord.clearViolations();
  });

  it('flags a host id that cannot go into a subject, and an ask that is not a credits string', async () => {
    island.publish(REGISTER_SUBJECT, register('bad.host'));
    const v = await coord.waitForViolation({ subject: REGISTER_SUBJECT });
    expect(v.error).toMatch(/must not contain "\."/);
    expect(coord.host('bad.host')).toBeUndefined();

    const priced = SHIPPED_HEARTBEAT.replace('"nats_rtt_ms":0.8}}', '"nats_rtt_ms":0.8},"asking_prices":{"llm-chat":"cheap","_default":"1.0"}}');
    island.publish(hostSubjects(SHIPPED_HOST).heartbeat, priced);
    await coord.waitForViolation({ error: /asking_prices\["llm-chat"\]/ });
    expect(coord.host(SHIPPED_HOST)?.heartbeats).toHaveLength(2); // still alive
    coord.clearViolations();
  });

  it('answers pairing with a code, then "host already paired", and can stay silent', async () => {
    const ask = async (hostId: string): Promise<unknown> => {
      const reply = await island.request(PAIRING_SUBJECT, `{"host_id":"${hostId}"}`, { timeout: 2000 });
      const decoded = decodePairingResponse(reply.data);
      expect(decoded.ok, JSON.stringify(decoded)).toBe(true);
      return JSON.parse(reply.string());
    };
    const first = (await ask('host-pair')) as Record<string, unknown>;
    expect(first).toEqual({
      success: true,
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{6}$/),
      expires_in_seconds: 600,
      pair_url: `https://app.archipelag.io/pair?code=${String(first.code)}`,
    });
    expect(coord.host('host-pair')?.pairingCode).toBe(first.code);

    coord.approvePairing('host-pair', 'acct-42');
    expect(await ask('host-pair')).toEqual({ success: false, error: 'host already paired' });
    expect(coord.host('host-pair')?.pairedAccount).toBe('acct-42');

    coord.configurePairing({ mode: 'error', error: 'pairing is disabled' });
    expect(await ask('host-other')).toEqual({ success: false, error: 'pairing is disabled' });
    coord.configurePairing({ mode: 'silent' });
    await expect(island.request(PAIRING_SUBJECT, '{"host_id":"host-quiet"}', { timeout: 300 })).rejects.toThrow();
    coord.configurePairing({ mode: 'code' });
    coord.assertNoViolations();
  });

  it('answers pings with pong', async () => {
    const reply = await island.request(hostSubjects('host-reg').ping, 'ping', { timeout: 2000 });
    expect(reply.string()).toBe('pong');
    expect(coord.host('host-reg')?.pings).toBe(1);
  });

  it('dispatches into stream JOBS for pull consumer host-<id>, then tracks the job to succeeded', async () => {
    const hostId = 'host-jobs';
    island.publish(REGISTER_SUBJECT, register(hostId));
    island.publish(hostSubjects(hostId).heartbeat, SHIPPED_HEARTBEAT.replaceAll(SHIPPED_HOST, hostId).replace('"nats_rtt_ms":0.8', '"nats_rtt_ms":1.5'));
    await coord.waitForHeartbeats(hostId, 1);

    const before = Date.now();
    const jobId = await coord.dispatch(hostId, { workload_id: 'llm-chat', input: { prompt: 'Hello' } });

    const jsm = await jetstreamManager(island);
    const stream = await jsm.streams.info(JOBS_STREAM);
    expect(stream.config.retention).toBe('workqueue');
    expect(stream.config.subjects).toEqual(['host.*.jobs']);
    await jsm.consumers.add(JOBS_STREAM, {
      durable_name: consumerName(hostId),
      filter_subject: hostSubjects(hostId).jobs,
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await jetstream(island).consumers.get(JOBS_STREAM, consumerName(hostId));
    const msg = await consumer.next({ expires: 2000 });
    expect(msg).not.toBeNull();
    msg!.ack();
    const job = decodeAssignJob(msg!.data);
    if (!job.ok) throw new Error(job.error);
    expect(job.value).toMatchObject({ job_id: jobId, workload_id: 'llm-chat', input: { prompt: 'Hello' }, runtime_type: 'container' });
    expect(job.value.lease_expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(job.value.lease_expires).toBeLessThan(before + 65_000);

    await runJob(hostId, jobId, ['Hel', 'lo'], 20);
    const rec = coord.job(jobId)!;
    expect(rec.statuses.map((s) => s.message.state)).toEqual(['started', 'succeeded']);
    expect(rec.text).toBe('Hello');
    expect(rec.clearingPrice).toBe(1); // no ask yet: the Cargo default
    coord.assertNoViolations();

    const karma = coord.host(hostId)!.karma;
    expect(karma.completedJobs).toBe(1);
    expect(karma.karma).toBeGreaterThanOrEqual(1); // ≥ 20 ms × 100 min/ms
  });

  it("flags 'completed' and a terminal state without 'started'", async () => {
    const hostId = 'host-jobs';
    const a = await coord.dispatch(hostId, { workload_id: 'llm-chat' });
    island.publish(hostSubjects(hostId).status, status(a, 'started'));
    island.publish(hostSubjects(hostId).status, status(a, 'completed'));
    const v = await coord.waitForViolation({ error: /completed/ });
    expect(v.jobId).toBe(a);
    expect(v.subject).toBe(`host.${hostId}.status`);

    const b = await coord.dispatch(hostId, { workload_id: 'llm-chat' });
    island.publish(hostSubjects(hostId).status, status(b, 'failed', 'boom'));
    await coord.waitForViolation({ error: "terminal 'failed' without 'started'" });
    expect(coord.job(b)?.state).toBe('failed');
    coord.clearViolations();
  });

  it('serves the HTTP API the app reads', async () => {
    const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${coord.httpUrl}${path}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const post = async (body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${coord.httpUrl}${API_PATHS.askingPrices()}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    const karma = await get(API_PATHS.karma('host-jobs'));
    expect(karma.status).toBe(200);
    expect(karma.body).toMatchObject({ host_id: 'host-jobs', completed_jobs: 1, failed_jobs: 1, success_rate: 0.5, avg_latency_ms: 1.5 });
    expect(Object.keys(karma.body).sort()).toEqual(
      ['avg_latency_ms', 'completed_jobs', 'failed_jobs', 'host_id', 'karma', 'monetization_unlocked', 'pending_minutes', 'success_rate'],
    );
    const history = await get(API_PATHS.karmaHistory('host-jobs'));
    expect((history.body.history as unknown[]).length).toBeGreaterThanOrEqual(3); // start, success, failure
    expect((await get(API_PATHS.karma('nobody'))).status).toBe(404);

    const stored = await post({ host_id: 'host-jobs', prices: { 'llm-chat': '2.5', _default: '1.0' } });
    expect(stored).toEqual({ status: 200, body: { host_id: 'host-jobs', prices: { 'llm-chat': '2.5', _default: '1.0' } } });
    expect((await post({ host_id: 'host-jobs', prices: { 'llm-chat': 2.5 } })).status).toBe(400);
    expect((await post({ host_id: 'host-jobs', prices: { 'LLM Chat': '1' } })).status).toBe(400);
    expect((await post({ host_id: 'nobody', prices: { 'llm-chat': '1' } })).status).toBe(400);
    const badJson = await fetch(`${coord.httpUrl}${API_PATHS.askingPrices()}`, { method: 'POST', body: '{' });
    expect(badJson.status).toBe(400);

    // The new ask clears the next job (first-price auction).
    const jobId = await coord.dispatch('host-jobs', { workload_id: 'llm-chat' });
    expect(coord.job(jobId)?.clearingPrice).toBe(2.5);
    await runJob('host-jobs', jobId, ['ok']);

    const rates = await get(API_PATHS.marketRates());
    expect(rates.body.updated_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    const chat = (rates.body.rates as Array<Record<string, unknown>>).find((r) => r.workload_slug === 'llm-chat');
    // Asks: host-jobs 2.5 for llm-chat, the shipped Island's _default 1.0 (from the test above).
    expect(chat).toMatchObject({ active_supply: 2, surge_multiplier: 1, jobs_cleared: 4, avg_ask: 1.75 });
    expect((await get(API_PATHS.marketRate('llm-chat'))).body.workload_slug).toBe('llm-chat');
    expect((await get(API_PATHS.marketRate('no-such-cargo'))).status).toBe(404);

    coord.snapshotMarket();
    const hist = await get(API_PATHS.marketHistory('llm-chat', '1h'));
    expect(hist.body).toMatchObject({ workload_slug: 'llm-chat', window: '1h' });
    expect((hist.body.points as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect((await get('/api/v1/market/history/llm-chat?window=2h')).status).toBe(400);

    expect((await get(API_PATHS.networkStats())).body).toEqual({ online_islands: 2, regions: 1, jobs_completed: 2 });

    coord.setRecommendations([{ workload_slug: 'image-gen', runtime_type: 'diffusers', demand_score: 85 }], 'host-jobs');
    expect((await get(API_PATHS.recommendations('host-jobs'))).body).toEqual({
      recommendations: [{ workload_slug: 'image-gen', runtime_type: 'diffusers', demand_score: 85 }],
    });
    expect((await get(API_PATHS.recommendations('host-reg'))).body).toEqual({ recommendations: [] });
    expect((await get('/api/v1/island/recommendations')).status).toBe(400);

    const q = { version: '0.5.0', platform: 'linux-x86_64', host_id: 'host-jobs' };
    expect((await get(API_PATHS.agentUpdate(q))).body).toEqual({ update_available: false, current_version: '0.5.0' });
    coord.setUpdateInfo({ update_available: true, latest_version: '0.5.1', download_url: 'http://127.0.0.1/x', signature: 'ab', checksum_sha256: 'cd' });
    expect((await get(API_PATHS.agentUpdate(q))).body).toMatchObject({ update_available: true, current_version: '0.5.0', latest_version: '0.5.1' });
    expect(coord.updateChecks.map((c) => c.message)).toEqual([q, q]);

    const missing = await get('/api/v1/nothing-here');
    expect(missing).toEqual({ status: 404, body: { error: 'no route for GET /api/v1/nothing-here' } });
    expect((await fetch(`${coord.httpUrl}${API_PATHS.networkStats()}`, { method: 'POST' })).status).toBe(405);
    coord.assertNoViolations();
  });

  it('keeps the JOBS stream and its queued jobs across restart(), and reconnects', async () => {
    const jobId = await coord.dispatch('host-offline', { workload_id: 'llm-chat' });
    const pidBefore = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(pidBefore);

    // A fresh connection sees the stream as the server recovered it from its store dir.
    const probe = await connect({ servers: server.url });
    try {
      const info = await (await jetstreamManager(probe)).streams.info(JOBS_STREAM);
      expect(info.config.retention).toBe('workqueue');
      expect(info.state.messages).toBeGreaterThanOrEqual(1);
      const stored = await (await jetstreamManager(probe)).streams.getMessage(JOBS_STREAM, { last_by_subj: hostSubjects('host-offline').jobs });
      expect(decodeAssignJob(stored!.data)).toMatchObject({ ok: true, value: { job_id: jobId } });
    } finally {
      await probe.close();
    }

    // The coordinator and the fake Island reconnect by themselves and keep working.
    const again = await coord.dispatch('host-offline', { workload_id: 'llm-chat' });
    expect(coord.job(again)?.state).toBe('assigned');
    island.publish(REGISTER_SUBJECT, register('host-after-restart'));
    await coord.waitForHost('host-after-restart', { timeoutMs: 10_000 });
    coord.assertNoViolations();
  });
});

describe.skipIf(!natsServer)('reference coordinator without a JOBS stream (core-NATS fallback)', () => {
  let server: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let island: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    coord = await startReferenceCoordinator({ natsUrl: server.url, jobsStream: false });
    island = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await island?.close();
    await coord?.close();
    await server?.stop();
  });

  it('publishes jobs and cancels as core messages, and tracks raw jobs by their job_id', async () => {
    expect(coord.jobsStream).toBe(false);
    const received: string[] = [];
    island.subscribe(hostSubjects('h-core').jobs, { callback: (_e, m) => void received.push(m.string()) });
    const cancels: string[] = [];
    island.subscribe(hostSubjects('h-core').cancel, { callback: (_e, m) => void cancels.push(m.string()) });
    await island.flush();

    const jobId = await coord.dispatch('h-core', { workload_id: 'wasm-task', runtime_type: 'wasm' });
    const raw = await coord.publishRawJob('h-core', '{"job_id":"raw-1","input":{},"lease_expires":1.5}');
    expect(raw).toBe('raw-1');
    expect(coord.job('raw-1')?.assignment).toBeNull();
    expect(await coord.publishRawJob('h-core', 'not valid json')).toBeNull();
    await coord.cancel('h-core', jobId);

    await coord.waitFor('3 jobs and 1 cancel at the fake Island', () => received.length === 3 && cancels.length === 1);
    expect(JSON.parse(received[0]!)).toMatchObject({ job_id: jobId, workload_id: 'wasm-task', runtime_type: 'wasm' });
    expect(received[2]).toBe('not valid json');
    expect(cancels).toEqual([`{"job_id":"${jobId}"}`]);
    expect(coord.job(jobId)?.cancelRequestedAt).not.toBeNull();
  });

  it('refuses to start with jobsStream:true when the server has no JetStream', async () => {
    await expect(startReferenceCoordinator({ natsUrl: server.url })).rejects.toThrow(/JetStream is not available/);
  });
});

describe.skipIf(!natsServer)('nats-server launcher', () => {
  it('binds 127.0.0.1, survives a crash (kill + restart) with its JetStream state, and cleans up on stop', async () => {
    const server = await startNatsServer();
    try {
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
      expect(server.log()).toContain('Server is ready');
      const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'CRASH', subjects: ['crash.>'] });
      await jetstream(nc).publish('crash.a', 'kept');
      await nc.close();

      await server.kill();
      expect(server.running).toBe(false);
      await server.restart();
      expect(server.running).toBe(true);

      const again = await connect({ servers: server.url });
      const info = await (await jetstreamManager(again)).streams.info('CRASH');
      expect(info.state.messages).toBe(1);
      await again.close();
    } finally {
      await server.stop();
    }
    expect(server.running).toBe(false);
    expect(existsSync(server.storeDir)).toBe(false);
    await server.stop(); // idempotent
  });

  it('keeps a store dir it was given, and starts without JetStream on request', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'island-store-'));
    try {
      const server = await startNatsServer({ storeDir, jetstream: false });
      expect(server.storeDir).toBe(storeDir);
      expect(server.log()).not.toContain('Starting JetStream');
      await server.stop();
      expect(existsSync(storeDir)).toBe(true);
    } finally {
      rmSync(storeDir, { recursive: true, force: true });
    }
  });

  it('lets a coordinator keep its JOBS stream on close, and never deletes one it did not create', async () => {
    const server = await startNatsServer();
    const nc = await connect({ servers: server.url });
    try {
      const streamExists = async (): Promise<boolean> =>
        (await jetstreamManager(nc)).streams.info(JOBS_STREAM).then(() => true, () => false);
      const first = await startReferenceCoordinator({ natsUrl: server.url });
      await first.dispatch('h1', { workload_id: 'llm-chat' });
      await first.close({ keepStream: true });
      expect(await streamExists()).toBe(true);

      const second = await startReferenceCoordinator({ natsUrl: server.url }); // reuses it
      await second.close();
      expect(await streamExists()).toBe(true);
      await expect(startReferenceCoordinator({ natsUrl: server.url, jobsStream: false })).rejects.toThrow(/stream JOBS exists/);

      await (await jetstreamManager(nc)).streams.delete(JOBS_STREAM);
      const third = await startReferenceCoordinator({ natsUrl: server.url }); // creates it
      await third.close();
      expect(await streamExists()).toBe(false);
    } finally {
      await nc.close();
      await server.stop();
    }
  });

  it('reports a server that cannot start, with its log', async () => {
    const first = await startNatsServer({ jetstream: false });
    try {
      await expect(startNatsServer({ jetstream: false, port: first.port })).rejects.toThrow(/nats-server did not start[\s\S]*nats-server log/);
    } finally {
      await first.stop();
    }
  });
});
