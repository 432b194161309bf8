// Job delivery across failures: core-NATS fallback and the return to JetStream, and a
// nats-server restart mid-life (reconnect, re-registration, JetStream delivery restored).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { FakeRuntime } from '../helpers/fake-runtime';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server');

describe.skipIf(!natsBin)('job delivery across failures (real nats-server)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  async function servers(opts: { jobsStream?: boolean } = {}): Promise<{ nats: NatsServerHandle; coord: ReferenceCoordinator }> {
    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());
    const coord = await startReferenceCoordinator({ natsUrl: nats.url, jobsStream: opts.jobsStream ?? true });
    cleanups.push(() => coord.close());
    return { nats, coord };
  }

  async function island(natsUrl: string, timings = {}): Promise<IslandFixture> {
    const f = await startIsland({ natsUrl, runtimes: [new FakeRuntime('wasm')], timings: { retryJetStreamMs: 300, ...timings } });
    cleanups.push(() => f.cleanup());
    return f;
  }

  it('falls back to core NATS when there is no JOBS stream, and returns to JetStream once there is', async () => {
    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());
    const coreCoord = await startReferenceCoordinator({ natsUrl: nats.url, jobsStream: false });
    const f = await island(nats.url);
    await waitUntil(() => f.island.snapshot().jobSource.type === 'core', 'core-NATS fallback');
    const viaCore = await coreCoord.dispatch(f.hostId, { runtime_type: 'wasm', input: { tokens: ['core'] } });
    expect((await coreCoord.waitForJobState(viaCore, 'succeeded')).text).toBe('core');
    coreCoord.assertNoViolations();
    await coreCoord.close();

    const jsCoord = await startReferenceCoordinator({ natsUrl: nats.url, jobsStream: true });
    cleanups.push(() => jsCoord.close());
    await waitUntil(() => f.island.snapshot().jobSource.type === 'jetstream', 'the return to JetStream', 5_000);
    const viaJs = await jsCoord.dispatch(f.hostId, { runtime_type: 'wasm', input: { tokens: ['jetstream'] } });
    const job = await jsCoord.waitForJobState(viaJs, 'succeeded');
    expect(job.text).toBe('jetstream');
    expect(job.statuses.filter((s) => s.message.state === 'started')).toHaveLength(1); // no double delivery
    jsCoord.assertNoViolations();
  });

  it('reconnects after the server restarts, registers again, and takes jobs from JetStream again', async () => {
    const { nats, coord } = await servers();
    const f = await island(nats.url);
    await waitUntil(() => f.island.snapshot().jobSource.type === 'jetstream', 'JetStream job delivery');
    await coord.waitForHeartbeats(f.hostId, 1);
    const registrations = coord.host(f.hostId)!.registrations.length;

    await nats.restart();
    await waitUntil(() => f.island.snapshot().link.type === 'reconnected', 'the Island to reconnect', 15_000);
    await waitUntil(() => coord.host(f.hostId)!.registrations.length > registrations, 'a second registration', 10_000);

    const jobId = await coord.dispatch(f.hostId, { runtime_type: 'wasm', input: { tokens: ['after', ' restart'] } });
    const job = await coord.waitForJobState(jobId, 'succeeded', { timeoutMs: 40_000 });
    expect(job.text).toBe('after restart');
    expect(f.island.snapshot().jobSource.type).toBe('jetstream');
    coord.assertNoViolations();
  }, 60_000);

  it('keeps trying when the server is not there at start, and works once it comes up', async () => {
    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());
    await nats.stop();
    const f = await island(nats.url);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(f.island.snapshot().phase).toBe('connecting');
    await nats.restart();
    const coord = await startReferenceCoordinator({ natsUrl: nats.url });
    cleanups.push(() => coord.close());
    await coord.waitForHost(f.hostId, { timeoutMs: 15_000 });
    await waitUntil(() => f.island.snapshot().jobSource.type === 'jetstream', 'JetStream job delivery', 10_000);
    const jobId = await coord.dispatch(f.hostId, { runtime_type: 'wasm', input: { tokens: ['late'] } });
    expect((await coord.waitForJobState(jobId, 'succeeded')).text).toBe('late');
    coord.assertNoViolations();
  }, 40_000);

  it('registers only once its job subscription is in place: a job sent the instant it registers is never lost (core NATS)', async () => {
    const nats = await startNatsServer({ jetstream: false });
    cleanups.push(() => nats.stop());
    const coord = await startReferenceCoordinator({ natsUrl: nats.url, jobsStream: false });
    cleanups.push(() => coord.close());
    const nc = await connect({ servers: nats.url });
    cleanups.push(() => nc.close());
    const dispatched: Promise<string>[] = [];
    // An eager coordinator: it dispatches the moment it sees a registration.
    nc.subscribe('coordinator.hosts.register', {
      callback: (_e, m) => {
        const hostId = (JSON.parse(m.string()) as { host_id: string }).host_id;
        dispatched.push(coord.dispatch(hostId, { runtime_type: 'wasm', input: { tokens: ['on time'] } }));
      },
    });
    await nc.flush();
    for (let i = 0; i < 5; i++) {
      const f = await island(nats.url);
      await waitUntil(() => dispatched.length === i + 1, 'the eager dispatch');
      const job = await coord.waitForJobState(await dispatched[i]!, 'succeeded', { timeoutMs: 5_000 });
      expect(job.text).toBe('on time');
      await f.cleanup();
    }
    coord.assertNoViolations();
  }, 60_000);

  it('while draining for shutdown it offers no runtimes, so the coordinator sends nothing more', async () => {
    const { nats, coord } = await servers();
    const f = await island(nats.url);
    await waitUntil(() => f.island.snapshot().jobSource.type === 'jetstream', 'JetStream delivery');
    const jobId = await coord.dispatch(f.hostId, { runtime_type: 'wasm', input: { tokens: ['a', 'b', 'c', 'd'], delayMs: 200 } });
    await coord.waitForJobState(jobId, 'started');
    const before = coord.host(f.hostId)!.heartbeats.length;
    expect(coord.host(f.hostId)!.heartbeats.at(-1)!.message.performance_estimates!.supported_runtimes).toEqual(['wasm']);
    const stopped = f.island.stop(5_000);
    await waitUntil(() => coord.host(f.hostId)!.heartbeats.length > before, 'a heartbeat at the start of the drain');
    expect(coord.host(f.hostId)!.heartbeats.at(-1)!.message.performance_estimates!.supported_runtimes).toEqual([]);
    expect(await stopped).toEqual({ finished: 1, aborted: [] });
    expect((await coord.waitForJobState(jobId, 'succeeded')).text).toBe('abcd');
    coord.assertNoViolations();
  });

  it('a server error that does not end the connection leaves the Island online, and is logged once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'island-perm-'));
    const conf = path.join(dir, 'nats.conf');
    // This account may not request RTT pings: every heartbeat's ping earns a Permissions Violation.
    writeFileSync(conf, 'authorization { users = [ { user: "island", password: "pw", permissions: { publish: { deny: ["host.*.ping"] } } } ] }\n');
    const nats = await startNatsServer({ jetstream: false, extraArgs: ['-c', conf] });
    cleanups.push(() => nats.stop());
    const f = await island(nats.url.replace('nats://', 'nats://island:pw@'), { heartbeatIntervalMs: 150 });
    await waitUntil(() => f.island.snapshot().lastServerError !== null, 'the permissions error', 10_000);
    await new Promise((r) => setTimeout(r, 800));
    const snap = f.island.snapshot();
    expect(snap.lastServerError!.message).toMatch(/Permissions Violation/i);
    expect(snap.phase).toBe('online');
    expect(f.log.filter({ level: 'error', msg: 'NATS server error' })).toHaveLength(1);
  }, 30_000);
});
