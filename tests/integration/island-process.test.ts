// The Island as a real process: SIGTERM and SIGINT drain, a second signal exits at once, and a
// SIGKILL mid-job is reported to the coordinator after the restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { waitUntil } from '../helpers/wait-until';
import { hostIdOf, spawnIsland, type IslandProcess } from '../helpers/island-process';

const natsBin = requireBinary('nats-server');
const ENTRY = path.join(import.meta.dirname, '..', 'helpers', 'island-process-entry.ts');

/** The Island's real entry (runAgent with its signal handling), offering the scriptable FakeRuntime. */
function startAgent(home: string, toml?: string): IslandProcess {
  return spawnIsland(home, { ...(toml === undefined ? {} : { toml }), args: ['--import', 'tsx', ENTRY, '--config', path.join(home, 'config.toml')] });
}

describe.skipIf(!natsBin)('the Island process (real nats-server, real signals)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  const homes: string[] = [];
  const procs: IslandProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url });
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    coord.assertNoViolations();
  });

  async function start(extraToml = ''): Promise<{ p: IslandProcess; hostId: string }> {
    const home = mkdtempSync(path.join(tmpdir(), 'island-proc-'));
    homes.push(home);
    const p = startAgent(home, `[coordinator]\nnats_url = "${nats.url}"\n${extraToml}`);
    procs.push(p);
    await waitUntil(() => /Island starting/.test(p.output()), 'the Island to start', 20_000);
    const hostId = hostIdOf(p);
    await coord.waitForHeartbeats(hostId, 1, { timeoutMs: 15_000 });
    await waitUntil(() => /taking jobs from JetStream/.test(p.output()), 'JetStream delivery', 10_000);
    return { p, hostId };
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} lets the running job finish, takes no new job, then exits 0`, async () => {
      const { p, hostId } = await start();
      const jobId = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { tokens: ['a', 'b', 'c', 'd', 'e'], delayMs: 200 } });
      await coord.waitForJobState(jobId, 'started');
      p.child.kill(signal);
      await waitUntil(() => /stopping — no new jobs/.test(p.output()), 'the drain to begin');
      const queued = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { tokens: ['never'] } });
      const job = await coord.waitForJobState(jobId, 'succeeded', { timeoutMs: 10_000 });
      const exit = await p.exited;
      expect(exit.code).toBe(0);
      expect(job.text).toBe('abcde');
      expect(exit.at).toBeGreaterThanOrEqual(job.statuses.at(-1)!.at);
      expect(coord.job(queued)!.statuses).toEqual([]); // left in the stream for another Island
      expect(p.output()).toMatch(/Island stopped finished_jobs=1 aborted_jobs=0/);
    }, 40_000);
  }

  it('reports a job that outlives the drain time as failed, so the coordinator can place it again', async () => {
    const { p, hostId } = await start('[jobs]\ndrain_timeout_seconds = 1\n');
    const jobId = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { hang: true } });
    await coord.waitForJobState(jobId, 'started');
    const sentAt = Date.now();
    p.child.kill('SIGTERM');
    const job = await coord.waitForJobState(jobId, 'failed', { timeoutMs: 10_000 });
    expect(job.statuses.at(-1)!.message.error).toBe('Island shut down before the job finished');
    const exit = await p.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(5_000);
  }, 40_000);

  it('a second signal exits at once', async () => {
    const { p, hostId } = await start();
    const jobId = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { hang: true } });
    await coord.waitForJobState(jobId, 'started');
    p.child.kill('SIGTERM');
    await waitUntil(() => /stopping — no new jobs/.test(p.output()), 'the drain to begin');
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    expect(exit.code).toBe(130);
    expect(p.output()).toMatch(/SIGTERM received again: exiting now/);
  }, 40_000);

  it('after a SIGKILL mid-job, the restarted Island reports the interrupted job failed, once', async () => {
    const { p, hostId } = await start();
    const jobId = await coord.dispatch(hostId, { runtime_type: 'wasm', input: { hang: true } });
    await coord.waitForJobState(jobId, 'started');
    p.child.kill('SIGKILL');
    await p.exited;
    const again = startAgent(p.home);
    procs.push(again);
    const job = await coord.waitForJobState(jobId, 'failed', { timeoutMs: 20_000 });
    expect(job.statuses.at(-1)!.message.error).toBe('Island stopped unexpectedly while running this job');
    expect(hostIdOf(again)).toBe(hostId);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(job.statuses.filter((s) => s.message.state === 'failed')).toHaveLength(1);
  }, 60_000);
});
