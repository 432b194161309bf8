// Cancel and shutdown kill and remove the container (the Rust Island left it running, §4.6), and
// containers left by an earlier run of the same Island are removed at start — only those.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_ERROR } from '../../../../src-main/agent/jobs/job-execution';
import { instanceIdFor, jobLabels, LABEL_INSTANCE } from '../../../../src-main/agent/runtimes/container/labels';
import { listContainersByLabel, requireDocker } from '../../../harness/docker';
import { LocalImageSupply } from '../../../helpers/local-image-supply';
import { fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the container lifecycle tests');

describe.skipIf(!docker)('container job lifecycle (real dockerd)', { timeout: 30_000 }, () => {
  let fx: RuntimeFixture;
  let ticker: string;

  beforeAll(async () => {
    ticker = await fixtureImage(docker!, 'ticker');
    fx = await startRuntime({ docker: docker! });
  }, 60_000);
  afterAll(async () => fx?.close());
  afterEach(async () => {
    expect(await fx.containers()).toEqual([]);
  });

  it('a cancel mid-run kills and removes the container and ends `cancelled` promptly, without a final chunk', async () => {
    const job = makeJob({ container_image: ticker });
    let cancelledAt = 0;
    const { states, reporter, tokens } = await runJob(fx, job, {
      cancelOn: (t) => {
        if (t !== 'tick 3 ') return false;
        cancelledAt = Date.now();
        return true;
      },
    });
    expect(states).toEqual(['streaming', 'cancelled']);
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    expect(tokens.slice(0, 3)).toEqual(['tick 1 ', 'tick 2 ', 'tick 3 ']);
    expect(reporter.outputsOf(job.job_id).every((o) => !o.is_final)).toBe(true);
    expect(fx.supply.runs.map((r) => r.image)).not.toContain(ticker);
  });

  it('a cancel while the image is being prepared creates no container', async () => {
    const own = await startRuntime({ docker: docker!, supply: new LocalImageSupply(docker!, { delayMs: 2_000 }) });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort({ kind: 'cancel' }), 200);
      const { states } = await runJob(own, makeJob({ container_image: ticker }), { controller });
      expect(states).toEqual(['cancelled']);
      expect(await own.containers()).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('a shutdown abort kills and removes the container and reports the job failed', async () => {
    const controller = new AbortController();
    const { states } = await runJob(fx, makeJob({ container_image: ticker }), {
      controller,
      cancelOn: (t) => {
        if (t === 'tick 2 ') controller.abort({ kind: 'shutdown' });
        return false;
      },
    });
    expect(states).toEqual(['streaming', `failed: ${SHUTDOWN_ERROR}`]);
  });

  it('runs jobs side by side, each in its own container', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => runJob(fx, makeJob({ container_image: ticker }), { cancelOn: (t) => t === 'tick 2 ' })),
    );
    expect(runs.map((r) => r.states)).toEqual([
      ['streaming', 'cancelled'],
      ['streaming', 'cancelled'],
      ['streaming', 'cancelled'],
    ]);
  });

  it('removes containers a crashed earlier run of this Island left behind, and nobody else’s, at start', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'island-orphans-'));
    const instanceId = instanceIdFor(home);
    const other = `other-${Date.now()}`;
    const make = (labels: Record<string, string>) =>
      docker!.createContainer({ Image: ticker, Labels: labels, HostConfig: { NetworkMode: 'none' } }).then(async (c) => {
        await c.start();
        return c;
      });
    const orphan = await make(jobLabels({ instanceId, sessionId: 'crashed-run' }, 'job-from-before'));
    const stranger = await make(jobLabels({ instanceId: other, sessionId: 'another-island' }, 'their-job'));
    try {
      const own = await startRuntime({ docker: docker!, home });
      try {
        expect(await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${instanceId}`)).toEqual([]);
        expect(own.log.has({ level: 'warn', msg: 'removed a job container left behind by an earlier run of this Island', fields: { job_id: 'job-from-before', state: 'running' } })).toBe(true);
        expect((await listContainersByLabel(docker!, `${LABEL_INSTANCE}=${other}`)).map((c) => c.Id)).toEqual([stranger.id]);
        // Its own containers, of the current run, are never taken for orphans.
        const { states } = await runJob(own, makeJob({ container_image: ticker }), { cancelOn: (t) => t === 'tick 1 ' });
        expect(states).toEqual(['streaming', 'cancelled']);
      } finally {
        await own.close();
      }
    } finally {
      await orphan.remove({ force: true }).catch(() => undefined);
      await stranger.remove({ force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
