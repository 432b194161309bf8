// Fault: dockerd restarted mid-job (issue 8). A real Island with the container runtime and the
// image supply wired as create-runtimes does, the reference coordinator over a real nats-server,
// and a private dockerd of this file's own that is restarted as `systemctl restart docker` does
// (SIGTERM, wait for the exit, start again). The machine's own dockerd is never touched.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../../src-main/agent/config/runtime-settings';
import { islandPaths } from '../../src-main/agent/paths';
import { createContainerRuntime, createDockerClient } from '../../src-main/agent/runtimes/container/index';
import { instanceIdFor, LABEL_INSTANCE, LABEL_JOB } from '../../src-main/agent/runtimes/container/labels';
import { createImageSupply } from '../../src-main/agent/runtimes/images/index';
import { RuntimeEventHub } from '../../src-main/agent/runtimes/runtime-events';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { buildTestImage, listContainersByLabel } from '../harness/docker';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { privateDockerdAvailable, startPrivateDockerd, type PrivateDockerd } from '../harness/private-dockerd';
import { requireBinary } from '../harness/services';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';
import { politeTickerImage } from '../unit/runtimes/container/polite-ticker';

const natsBin = requireBinary('nats-server');
const dockerdOk = privateDockerdAvailable('the dockerd-restart fault test');
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'container');

const STOPPED_BY_DOCKER =
  "Docker stopped this job's container (SIGTERM) before it finished: " +
  'the Docker engine is shutting down or restarting, or someone stopped the container outside the Island';

describe.skipIf(!natsBin || !dockerdOk)('dockerd restarted mid-job (private dockerd, real nats-server, reference coordinator)', () => {
  let dockerd: PrivateDockerd | undefined;
  let nats: NatsServerHandle | undefined;
  let coord: ReferenceCoordinator | undefined;
  let island: IslandFixture | undefined;
  let home: string | undefined;
  const images = { ticker: '', polite: '', stream: '' };

  beforeAll(async () => {
    dockerd = await startPrivateDockerd();
    const docker = dockerd.docker;
    // ticker.sh ignores SIGTERM (PID 1 without a handler), so dockerd kills it after its stop
    // timeout; the polite ticker exits 0 on SIGTERM, which alone would read as a success.
    images.ticker = await buildTestImage(docker, 'island-test/ticker:latest', readFileSync(path.join(FIXTURES, 'ticker.sh'), 'utf8'));
    images.polite = await politeTickerImage(docker);
    images.stream = await buildTestImage(docker, 'island-test/stream:latest', readFileSync(path.join(FIXTURES, 'stream.sh'), 'utf8'));
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    island = await startContainerIsland(dockerd.dockerHost);
  }, 120_000);

  afterAll(async () => {
    // Each step runs even when the one before it failed: the private dockerd must always go.
    await island?.cleanup().catch(() => undefined);
    await coord?.close().catch(() => undefined);
    await nats?.stop().catch(() => undefined);
    await dockerd?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  }, 120_000);

  afterEach(() => coord?.assertNoViolations());

  /** The container runtime and the real image supply on one client, as create-runtimes wires them. */
  async function startContainerIsland(dockerHost: string): Promise<IslandFixture> {
    home = mkdtempSync(path.join(tmpdir(), 'island-fault-dockerd-'));
    const paths = islandPaths(home);
    const toml = '[jobs]\nmax_concurrent = 4\n[registry]\nallowed = ["docker.io/island-test"]\n';
    const { config } = parseConfigText(`[coordinator]\nnats_url = "${nats!.url}"\n${toml}`, paths.config);
    const hub = new RuntimeEventHub();
    const settings = resolveRuntimeSettings(config, { DOCKER_HOST: dockerHost });
    const log = createTestLogger();
    const docker = createDockerClient(settings.dockerHost);
    const supply = createImageSupply({ docker, config, paths, log, events: hub.emit, settings });
    const runtime = await createContainerRuntime(
      { config, paths, log, settings, events: hub.emit },
      { supply, docker, health: { downInitialMs: 100, downMaxMs: 500, upIntervalMs: 500 } },
    );
    // A heartbeat a second, so "the heartbeat after the restart" comes without a 10 s wait.
    return startIsland({ natsUrl: nats!.url, home, toml, runtimes: [runtime], runtimeEvents: hub, timings: { heartbeatIntervalMs: 1_000 } });
  }

  const offersContainers = (beat: { at: number; message: { performance_estimates?: { supported_runtimes?: string[] } | null } }) =>
    beat.message.performance_estimates?.supported_runtimes?.includes('container') ?? false;

  it('the running jobs end `failed` once, saying Docker stopped them; after the restart the heartbeat offers containers and the next job runs, without restarting the Island', async () => {
    const c = coord!;
    const d = dockerd!;
    const hostId = island!.hostId;
    await c.waitFor('a heartbeat offering containers', () => c.host(hostId)?.heartbeats.some(offersContainers), { timeoutMs: 20_000 });

    const stubborn = await c.dispatch(hostId, { runtime_type: 'container', container_image: images.ticker, sandbox_tier: 'standard', workload_id: 'llm-chat' });
    const polite = await c.dispatch(hostId, { runtime_type: 'container', container_image: images.polite, sandbox_tier: 'standard', workload_id: 'llm-chat' });
    for (const jobId of [stubborn, polite]) {
      await c.waitFor(`three ticks of ${jobId}`, () => (c.job(jobId)?.outputs.length ?? 0) >= 3, { timeoutMs: 30_000 });
      const containers = await listContainersByLabel(d.docker, `${LABEL_JOB}=${jobId}`);
      expect(containers.map((x) => x.State)).toEqual(['running']);
    }

    const oldPid = d.pid;
    const restarted = d.restart();
    const [a, b] = await Promise.all([c.waitForJobState(stubborn, 'failed', { timeoutMs: 30_000 }), c.waitForJobState(polite, 'failed', { timeoutMs: 30_000 })]);
    await restarted;
    expect(d.pid).not.toBe(oldPid);

    for (const job of [a, b]) {
      expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'failed']);
      const error = job.statuses.at(-1)!.message.error ?? '';
      expect(error).toBe(STOPPED_BY_DOCKER);
      expect(error).not.toMatch(/ENOENT|ECONNREFUSED|HTTP code|socket/);
      expect(job.outputs.some((o) => o.message.is_final)).toBe(false);
      expect(job.text).toMatch(/^(tick \d+ )+$/);
    }

    // Once the engine answers again, the heartbeat offers containers (whether or not the health
    // watcher caught the short outage in between depends on timing; docker-faults.test.ts proves it
    // on a scripted engine).
    const restartedAt = Date.now();
    await c.waitFor(
      'a heartbeat after the restart offering containers',
      () => c.host(hostId)!.heartbeats.some((beat) => beat.at >= restartedAt && offersContainers(beat)),
      { timeoutMs: 20_000 },
    );

    const next = await c.dispatch(hostId, { runtime_type: 'container', container_image: images.stream, input: { prompt: 'again' }, sandbox_tier: 'standard' });
    const done = await c.waitForJobState(next, 'succeeded', { timeoutMs: 30_000 });
    expect(done.text).toBe('Hello again世界');

    // Nothing of this Island is left in the restarted engine, and the failures were reported once.
    await waitUntil(
      async () => (await listContainersByLabel(d.docker, `${LABEL_INSTANCE}=${instanceIdFor(home!)}`)).length === 0,
      'the stopped containers to be removed',
      30_000,
      200,
    );
    for (const jobId of [stubborn, polite]) {
      expect(c.job(jobId)!.statuses.filter((s) => ['succeeded', 'failed', 'cancelled'].includes(s.message.state))).toHaveLength(1);
    }
  }, 90_000);
});
