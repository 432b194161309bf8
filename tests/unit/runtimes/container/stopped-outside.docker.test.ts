// A job container stopped from outside the Island on the real engine (`docker stop`, which is what
// dockerd does to every container when it shuts down or restarts): the job fails saying Docker
// stopped it, even when the Cargo exits 0 on SIGTERM, and nothing of it is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_JOB } from '../../../../src-main/agent/runtimes/container/labels';
import { listContainersByLabel, requireDocker } from '../../../harness/docker';
import { RecordingReporter } from '../../../helpers/recording-reporter';
import { waitUntil } from '../../../helpers/wait-until';
import { politeTickerImage } from './polite-ticker';
import { fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the container stop tests');

describe.skipIf(!docker)('a job container stopped outside the Island (real dockerd)', { timeout: 60_000 }, () => {
  let fx: RuntimeFixture;
  const images = { polite: '', ticker: '' };

  beforeAll(async () => {
    images.polite = await politeTickerImage(docker!);
    images.ticker = await fixtureImage(docker!, 'ticker');
    fx = await startRuntime({ docker: docker! });
  }, 60_000);
  afterAll(async () => fx?.close());

  for (const [which, image, timeout] of [
    ['a Cargo that exits 0 on SIGTERM', 'polite', 10],
    ['a Cargo that ignores SIGTERM (killed after the stop timeout)', 'ticker', 1],
  ] as const) {
    it(`${which}: failed, saying Docker stopped it (SIGTERM), never succeeded; the container is removed`, async () => {
      const job = makeJob({ container_image: images[image] });
      const reporter = new RecordingReporter();
      const run = runJob(fx, job, { reporter });
      await waitUntil(() => reporter.outputsOf(job.job_id).length >= 2, 'two ticks', 20_000);
      const [mine] = await listContainersByLabel(docker!, `${LABEL_JOB}=${job.job_id}`);
      // The Island removes the container as soon as the SIGTERM shows, so the stop may find it gone.
      await docker!
        .getContainer(mine!.Id)
        .stop({ t: timeout })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
        });
      const { states, tokens } = await run;
      expect(states).toEqual([
        'streaming',
        "failed: Docker stopped this job's container (SIGTERM) before it finished: the Docker engine is shutting down or restarting, or someone stopped the container outside the Island",
      ]);
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      expect(reporter.outputsOf(job.job_id).some((o) => o.is_final)).toBe(false);
      expect(await fx.containers()).toEqual([]);
    });
  }
});
