// Fault: the Island killed with SIGKILL mid-container-job, then restarted (issue 8). The bundled
// `island --agent` as an owner runs it, its container runtime real through DOCKER_HOST on a private
// dockerd of this file's own, the reference coordinator over a real nats-server. The killed run
// leaves its container running (nobody removes it); the restarted one, with the same ISLAND_HOME,
// must remove it, tell the coordinator what happened to the job once, leave the ledger consistent,
// and run the next container job.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobLedger, type LedgerRow } from '../../src-main/agent/ledger/job-ledger';
import { islandPaths } from '../../src-main/agent/paths';
import { instanceIdFor, LABEL_INSTANCE, LABEL_JOB } from '../../src-main/agent/runtimes/container/labels';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { buildTestImage, listContainersByLabel } from '../harness/docker';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { privateDockerdAvailable, startPrivateDockerd, type PrivateDockerd } from '../harness/private-dockerd';
import { requireBinary } from '../harness/services';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';
import { ensureBundle, hostIdOf, ISLAND_BIN, spawnIsland, type IslandProcess } from '../helpers/island-process';

const natsBin = requireBinary('nats-server');
const dockerdOk = privateDockerdAvailable('the Island-kill fault test');
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'container');
const INTERRUPTED = 'Island stopped unexpectedly while running this job';


describe.skipIf(!natsBin || !dockerdOk)('the Island killed with SIGKILL mid-container-job and restarted (bundled island, private dockerd, reference coordinator)', () => {
  let dockerd: PrivateDockerd | undefined;
  let nats: NatsServerHandle | undefined;
  let coord: ReferenceCoordinator | undefined;
  let home: string | undefined;
  const procs: IslandProcess[] = [];
  const images = { ticker: '', stream: '' };

  beforeAll(async () => {
    // The suite tests what `npm install` builds; build it if a developer has not.
    ensureBundle();
    dockerd = await startPrivateDockerd();
    images.ticker = await buildTestImage(dockerd.docker, 'island-test/ticker:latest', readFileSync(path.join(FIXTURES, 'ticker.sh'), 'utf8'));
    images.stream = await buildTestImage(dockerd.docker, 'island-test/stream:latest', readFileSync(path.join(FIXTURES, 'stream.sh'), 'utf8'));
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    home = mkdtempSync(path.join(tmpdir(), 'island-fault-kill-'));
    writeFileSync(
      islandPaths(home).config,
      `[coordinator]\nnats_url = "${nats.url}"\napi_url = "${coord.httpUrl}"\n[jobs]\nmax_concurrent = 2\n[registry]\nallowed = ["docker.io/island-test"]\n[preload]\nenabled = false\n`,
    );
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await coord?.close().catch(() => undefined);
    await nats?.stop().catch(() => undefined);
    await dockerd?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  }, 120_000);

  afterEach(() => coord?.assertNoViolations());

  function startIsland(): IslandProcess {
    const p = spawnIsland(home!, {
      args: [ISLAND_BIN, '--agent', '--no-dashboard', '--config', islandPaths(home!).config],
      env: { DOCKER_HOST: dockerd!.dockerHost },
    });
    procs.push(p);
    return p;
  }

  async function startedHostId(p: IslandProcess): Promise<string> {
    await waitUntil(() => /Island starting/.test(p.output()), `the Island to start:\n${p.output()}`, 30_000);
    return hostIdOf(p);
  }

  const offersContainers = (hostId: string) => coord!.host(hostId)?.heartbeats.at(-1)?.message.performance_estimates?.supported_runtimes?.includes('container') ?? false;

  /** Every ledger row, read as the app reads it, through its own ledger class, while no Island runs. */
  async function readLedger(): Promise<LedgerRow[]> {
    const ledger = await JobLedger.open(islandPaths(home!).ledger, createTestLogger());
    try {
      return ledger.recent(1000);
    } finally {
      ledger.close();
    }
  }

  it('removes the orphan container, reports the job `failed` once, keeps the ledger consistent, and runs the next container job', async () => {
    const c = coord!;
    const d = dockerd!;
    const first = startIsland();
    const hostId = await startedHostId(first);
    await c.waitFor('a heartbeat offering containers', () => offersContainers(hostId), { timeoutMs: 30_000 });

    const jobId = await c.dispatch(hostId, { runtime_type: 'container', container_image: images.ticker, sandbox_tier: 'standard', workload_id: 'llm-chat' });
    await c.waitFor('three ticks', () => (c.job(jobId)?.outputs.length ?? 0) >= 3, { timeoutMs: 30_000 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // Nobody is left to remove the job's container: it keeps running, an orphan.
    const orphans = await listContainersByLabel(d.docker, [`${LABEL_JOB}=${jobId}`, `${LABEL_INSTANCE}=${instanceIdFor(home!)}`]);
    expect(orphans.map((o) => o.State)).toEqual(['running']);
    expect(c.job(jobId)!.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming']);
    const crashed = (await readLedger()).filter((r) => r.job_id === jobId);
    expect(crashed.map((r) => r.state)).toEqual(['running']);

    const second = startIsland();
    expect(await startedHostId(second)).toBe(hostId);
    const job = await c.waitForJobState(jobId, 'failed', { timeoutMs: 30_000 });
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'failed']);
    expect(job.statuses.at(-1)!.message.error).toBe(INTERRUPTED);
    await waitUntil(async () => (await listContainersByLabel(d.docker, `${LABEL_JOB}=${jobId}`)).length === 0, 'the orphan container to be removed', 30_000, 200);
    expect(second.output()).toMatch(/removed a job container left behind by an earlier run of this Island/);

    await c.waitFor('a heartbeat offering containers', () => offersContainers(hostId), { timeoutMs: 30_000 });
    const next = await c.dispatch(hostId, { runtime_type: 'container', container_image: images.stream, input: { prompt: 'back' }, sandbox_tier: 'standard' });
    expect((await c.waitForJobState(next, 'succeeded', { timeoutMs: 30_000 })).text).toBe('Hello back世界');

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    // Told once: the interrupted job has one terminal status, and nothing came after it.
    expect(c.job(jobId)!.statuses.filter((s) => ['succeeded', 'failed', 'cancelled'].includes(s.message.state))).toHaveLength(1);
    expect(await listContainersByLabel(d.docker, `${LABEL_INSTANCE}=${instanceIdFor(home!)}`)).toEqual([]);

    const rows = await readLedger();
    const mine = rows.filter((r) => r.job_id === jobId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'failed', error: INTERRUPTED, runtime: 'container' });
    expect(mine[0]!.finished_at).not.toBeNull();
    expect(rows.filter((r) => r.state === 'running')).toEqual([]);
    expect(rows.find((r) => r.job_id === next)).toMatchObject({ state: 'succeeded', runtime: 'container' });
  }, 90_000);
});
