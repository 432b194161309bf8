// Container Cargos end to end: a real Island with the container runtime, the reference
// coordinator over a real nats-server, and the real dockerd. The coordinator decodes every message
// strictly, so `assertNoViolations()` after each test proves wire compatibility.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../../src-main/agent/config/runtime-settings';
import { islandPaths } from '../../src-main/agent/paths';
import { createContainerRuntime, type ContainerRuntimeDeps } from '../../src-main/agent/runtimes/container/index';
import { instanceIdFor, jobLabels, LABEL_INSTANCE } from '../../src-main/agent/runtimes/container/labels';
import { RuntimeEventHub } from '../../src-main/agent/runtimes/runtime-events';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { buildTestImage, createDockerProxy, listContainersByLabel, requireDocker, testDockerHost, type DockerProxy } from '../harness/docker';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { LocalImageSupply } from '../helpers/local-image-supply';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server');
const docker = await requireDocker('the container integration tests');
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'container');

describe.skipIf(!natsBin || !docker)('container Cargos through the Island (real nats-server, dockerd, reference coordinator)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let stream: string;
  let ticker: string;
  let fixture: IslandFixture | null = null;
  let home: string | null = null;
  let proxy: DockerProxy | null = null;

  beforeAll(async () => {
    const image = (name: string) => buildTestImage(`island-test/${name}:latest`, readFileSync(path.join(FIXTURES, `${name}.sh`), 'utf8'), { docker: docker! });
    [stream, ticker] = await Promise.all([image('stream'), image('ticker')]);
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
  });
  afterEach(async () => {
    await fixture?.cleanup();
    await proxy?.close();
    if (home) {
      // Nothing of this Island may be left in Docker once it stopped.
      expect(await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${instanceIdFor(home)}`)).toEqual([]);
      rmSync(home, { recursive: true, force: true });
    }
    fixture = null;
    home = null;
    proxy = null;
    coord.assertNoViolations();
  });

  /** An Island whose only runtime is the container runtime, as create-runtimes would wire it. */
  async function startContainerIsland(
    opts: { toml?: string; dockerHost?: string; home?: string; deps?: Partial<ContainerRuntimeDeps> } = {},
  ): Promise<IslandFixture> {
    home = opts.home ?? mkdtempSync(path.join(tmpdir(), 'island-container-it-'));
    const paths = islandPaths(home);
    const toml = opts.toml ?? '';
    const { config } = parseConfigText(`[coordinator]\nnats_url = "${nats.url}"\n${toml}\n`, paths.config);
    const hub = new RuntimeEventHub();
    const settings = resolveRuntimeSettings(config, { DOCKER_HOST: opts.dockerHost ?? testDockerHost() });
    const runtime = await createContainerRuntime(
      { config, paths, log: createTestLogger(), settings, events: hub.emit },
      { supply: new LocalImageSupply(docker!), health: { downInitialMs: 100, downMaxMs: 300, upIntervalMs: 500 }, ...opts.deps },
    );
    fixture = await startIsland({ natsUrl: nats.url, home, toml, runtimes: [runtime], runtimeEvents: hub });
    return fixture;
  }

  const supported = (hostId: string) => coord.host(hostId)?.heartbeats.at(-1)?.message.performance_estimates?.supported_runtimes ?? [];

  it('streams a container Cargo over NATS: started, streaming, tokens from seq 1, progress, image, final chunk, succeeded', async () => {
    const { hostId } = await startContainerIsland();
    await coord.waitForHeartbeats(hostId, 1);
    expect(supported(hostId)).toEqual(['container']);
    const jobId = await coord.dispatch(hostId, { runtime_type: 'container', container_image: stream, input: { prompt: 'Ada' }, sandbox_tier: 'standard', workload_id: 'llm-chat' });
    const job = await coord.waitForJobState(jobId, 'succeeded');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'succeeded']);
    expect(job.outputs.map((o) => o.message)).toEqual([
      { job_id: jobId, seq: 1, chunk: 'Hello Ada', is_final: false },
      { job_id: jobId, seq: 2, chunk: '世界', is_final: false },
      { job_id: jobId, seq: 3, chunk: '', is_final: true },
    ]);
    expect(job.text).toBe('Hello Ada世界');
    expect(job.progress.map((p) => p.message)).toEqual([{ job_id: jobId, step: 1, total: 2 }]);
    expect(job.images.map((i) => i.message)).toEqual([{ job_id: jobId, image_data: 'iVBORw0KGgo=', format: 'png', width: 1, height: 1 }]);
    expect(job.images[0]!.raw).not.toContain('seed');
  });

  it('a cancel from the coordinator kills and removes the container: `cancelled`, no final chunk', async () => {
    const { hostId, island } = await startContainerIsland();
    await coord.waitForHeartbeats(hostId, 1);
    const jobId = await coord.dispatch(hostId, { runtime_type: 'container', container_image: ticker, sandbox_tier: 'standard' });
    await coord.waitFor('two ticks', () => (coord.job(jobId)?.outputs.length ?? 0) >= 2);
    await coord.cancel(hostId, jobId);
    const job = await coord.waitForJobState(jobId, 'cancelled');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'cancelled']);
    expect(job.outputs.some((o) => o.message.is_final)).toBe(false);
    await waitUntil(() => island.engine.activeCount === 0, 'the job to leave the engine');
    expect(await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${instanceIdFor(home!)}`)).toEqual([]);
  });

  it('a container past its tier’s timeout is killed and removed; the error names the real limit', async () => {
    const { hostId } = await startContainerIsland({ deps: { tierTimeouts: { restricted: 2 } } });
    await coord.waitForHeartbeats(hostId, 1);
    const jobId = await coord.dispatch(hostId, { runtime_type: 'container', container_image: ticker, sandbox_tier: 'restricted' });
    const job = await coord.waitForJobState(jobId, 'failed', { timeoutMs: 10_000 });
    expect(job.statuses.at(-1)!.message.error).toBe('Timeout: job exceeded 2s limit');
    expect(await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${instanceIdFor(home!)}`)).toEqual([]);
  });

  it('a runner failure is `failed` with its reason, never `succeeded` (quirk 1)', async () => {
    const { hostId } = await startContainerIsland();
    await coord.waitForHeartbeats(hostId, 1);
    const jobId = await coord.dispatch(hostId, { runtime_type: 'container', container_image: 'island-test/never-built:1' });
    const job = await coord.waitForJobState(jobId, 'failed');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'failed']);
    expect(job.statuses[1]!.message.error).toMatch(/^Image not available: island-test\/never-built:1/);
    expect(job.outputs).toEqual([]);
  });

  it('without Docker the heartbeat leaves `container` out and container jobs fail clearly; when Docker is back they run, without a restart', async () => {
    proxy = createDockerProxy();
    const { hostId } = await startContainerIsland({ dockerHost: proxy.dockerHost });
    await coord.waitForHeartbeats(hostId, 1);
    expect(supported(hostId)).toEqual([]);
    const refused = await coord.dispatch(hostId, { runtime_type: 'container', container_image: stream, input: { prompt: 'x' } });
    const job = await coord.waitForJobState(refused, 'failed');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'failed']);
    expect(job.statuses[1]!.message.error).toBe(
      `Runtime "container" is not available on this Island: Docker is not available: no Docker engine at ${proxy.socketPath} (is Docker installed and running?)`,
    );

    const beats = coord.host(hostId)!.heartbeats.length;
    await proxy.start();
    // The availability change sends a heartbeat at once, not at the next 10 s tick.
    await coord.waitFor('a heartbeat offering containers', () => coord.host(hostId)!.heartbeats.length > beats && supported(hostId).includes('container'), { timeoutMs: 5_000 });
    const ok = await coord.dispatch(hostId, { runtime_type: 'container', container_image: stream, input: { prompt: 'back' } });
    expect((await coord.waitForJobState(ok, 'succeeded')).text).toBe('Hello back世界');
  });

  it('removes the containers a crashed run of the same Island left behind when it starts, and nobody else’s', async () => {
    const at = mkdtempSync(path.join(tmpdir(), 'island-container-it-'));
    home = at;
    const make = async (labels: Record<string, string>) => {
      const c = await docker!.createContainer({ Image: ticker, Labels: labels, HostConfig: { NetworkMode: 'none' } });
      await c.start();
      return c;
    };
    const orphan = await make(jobLabels({ instanceId: instanceIdFor(at), sessionId: 'crashed' }, 'job-before-crash'));
    const stranger = await make(jobLabels({ instanceId: 'another-island', sessionId: 'alive' }, 'their-job'));
    try {
      await startContainerIsland({ home: at });
      await waitUntil(async () => (await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${instanceIdFor(at)}`)).length === 0, 'the orphan to be removed', 10_000);
      expect((await listContainersByLabel(docker!, `${LABEL_INSTANCE}=another-island`)).map((c) => c.Id)).toEqual([stranger.id]);
    } finally {
      await orphan.remove({ force: true }).catch(() => undefined);
      await stranger.remove({ force: true });
    }
  });
});
