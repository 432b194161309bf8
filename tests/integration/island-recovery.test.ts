// Job delivery across failures: core-NATS fallback and the return to JetStream, and a
// nats-server restart mid-life (reconnect, re-registration, JetStream delivery restored).
import { afterEach, describe, expect, it } from 'vitest';
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
});
