// The container runtime when Docker goes away under a running job (dockerd restarted or killed,
// `docker stop`), on a scripted engine and through the engine's own executeJob: the job fails once
// with a reason in words, Docker is re-checked at once, a container that could not be removed is
// removed when the engine answers again, and the next job runs on the same runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../src-main/agent/config/parse-config-text';
import { islandPaths } from '../../../../src-main/agent/paths';
import { ContainerRuntime, loadSeccompProfiles } from '../../../../src-main/agent/runtimes/container/index';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import { LocalImageSupply } from '../../../helpers/local-image-supply';
import { RecordingReporter } from '../../../helpers/recording-reporter';
import { createTestLogger } from '../../../helpers/test-logger';
import { waitUntil } from '../../../helpers/wait-until';
import { FakeDocker, type FakeContainer } from './fake-docker';
import { makeJob, runJob, type JobRun, type RuntimeFixture } from './runtime-fixture';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

async function fakeRuntime(engine: FakeDocker): Promise<RuntimeFixture> {
  const home = mkdtempSync(path.join(tmpdir(), 'island-docker-faults-'));
  homes.push(home);
  const paths = islandPaths(home);
  const { config } = parseConfigText('[coordinator]\nnats_url = "nats://127.0.0.1:4222"\n', paths.config);
  const log = createTestLogger();
  const events: RuntimeEvent[] = [];
  const supply = new LocalImageSupply(engine.asDocker());
  const runtime = new ContainerRuntime({
    config,
    log,
    events: (e) => events.push(e),
    docker: engine.asDocker(),
    endpoint: '/fake/docker.sock',
    supply,
    profiles: loadSeccompProfiles(),
    owner: { instanceId: 'fake-instance', sessionId: 'fake-session' },
    health: { downInitialMs: 50, downMaxMs: 100, upIntervalMs: 60_000 },
  });
  await runtime.start();
  return { runtime, supply, log, events, home, instanceId: 'fake-instance', containers: async () => [], close: () => runtime.close() };
}

/** Runs one job; `during` acts on its container once it runs. */
async function jobWith(fx: RuntimeFixture, engine: FakeDocker, during: (c: FakeContainer) => void): Promise<JobRun> {
  const before = engine.containers.length;
  const reporter = new RecordingReporter();
  const job = makeJob({ container_image: 'cargo:1' });
  const run = runJob(fx, job, { reporter });
  await waitUntil(() => engine.containers[before]?.running === true, 'the job container to run', 5_000, 1);
  const c = engine.containers[before]!;
  c.print('{"type":"status","message":"ready"}\n{"type":"token","content":"half "}\n');
  await waitUntil(() => reporter.outputsOf(job.job_id).length > 0, 'the first token', 5_000, 1);
  during(c);
  return run;
}

describe('Docker going away under a running container job (scripted engine)', () => {
  it('dockerd shutting down (SIGTERM to the container, which exits 0): failed once, saying Docker stopped it; Docker re-checked at once', async () => {
    const engine = new FakeDocker();
    const fx = await fakeRuntime(engine);
    try {
      const pings = spyPings(engine);
      const { states, tokens } = await jobWith(fx, engine, (c) => {
        engine.up = false; // the engine stops answering as it shuts down
        engine.event(c.id, 'kill', { signal: '15' });
        c.exit(0);
      });
      expect(states).toEqual([
        'streaming',
        "failed: Docker stopped this job's container (SIGTERM) before it finished: the Docker engine is shutting down or restarting, or someone stopped the container outside the Island",
      ]);
      expect(tokens).toEqual(['half ']);
      expect(pings()).toBeGreaterThan(0);
      await waitUntil(() => !fx.runtime.availability().available, 'containers to be unavailable');
      expect(fx.runtime.availability()).toEqual({
        available: false,
        reason: 'Docker is not available: no Docker engine at /fake/docker.sock (is Docker installed and running?)',
      });
    } finally {
      await fx.close();
    }
  });

  it('dockerd killed: failed once, saying Docker went away (no socket error); the container is removed when Docker is back; the next job runs', async () => {
    const engine = new FakeDocker();
    const fx = await fakeRuntime(engine);
    try {
      const { states } = await jobWith(fx, engine, () => engine.crash());
      expect(states).toEqual([
        'streaming',
        "failed: Docker went away while this job's container ran: the Docker engine at /fake/docker.sock stopped answering (it stopped, crashed or restarted), so the job did not finish",
      ]);
      expect(fx.log.has({ level: 'warn', msg: /^Docker went away/ })).toBe(true);
      const lost = engine.containers[0]!;
      expect(lost.removed).toBe(false);

      engine.up = true;
      await waitUntil(() => lost.removed, 'the left-behind container to be removed', 5_000);
      await waitUntil(() => fx.runtime.availability().available, 'containers to be available again', 5_000);
      const next = await jobWith(fx, engine, (c) => c.exit(0));
      expect(next.states).toEqual(['streaming', 'succeeded']);
    } finally {
      await fx.close();
    }
  });

  it('`docker stop` of a job container: failed, naming the signal, never succeeded', async () => {
    const engine = new FakeDocker();
    const fx = await fakeRuntime(engine);
    try {
      const { states } = await jobWith(fx, engine, (c) => engine.stopFromOutside(c, '15', 0));
      expect(states.at(-1)).toMatch(/^failed: Docker stopped this job's container \(SIGTERM\) before it finished/);
      // The engine is fine: the re-check keeps containers on offer.
      await waitUntil(() => fx.log.has({ level: 'warn', msg: /Docker stopped this job's container/ }), 'the warning');
      expect(fx.runtime.availability()).toEqual({ available: true });
    } finally {
      await fx.close();
    }
  });
});

function spyPings(engine: FakeDocker): () => number {
  let n = 0;
  const ping = engine.ping.bind(engine);
  engine.ping = async () => {
    n += 1;
    return ping();
  };
  return () => n;
}
