// Docker going away and coming back, simulated with a socket proxy in front of the real dockerd
// (the machine's dockerd is never stopped): the runtime says so, fails container jobs clearly, and
// works again without a restart — removing on its return a container it could not remove before.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noDockerError } from '../../../../src-main/agent/runtimes/container/index';
import { createDockerProxy, requireDocker, type DockerProxy } from '../../../harness/docker';
import { waitUntil } from '../../../helpers/wait-until';
import { fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the Docker availability tests');

describe.skipIf(!docker)('Docker availability (real dockerd behind a proxy)', { timeout: 30_000 }, () => {
  let ticker: string;
  let exitCode: string;
  let proxy: DockerProxy | null = null;
  let fx: RuntimeFixture | null = null;

  beforeAll(async () => {
    [ticker, exitCode] = await Promise.all([fixtureImage(docker!, 'ticker'), fixtureImage(docker!, 'exit-code')]);
  }, 60_000);
  afterEach(async () => {
    await fx?.close();
    await proxy?.close();
    fx = null;
    proxy = null;
  });

  const availabilityEvents = () => fx!.events.filter((e) => e.type === 'availability').map((e) => (e.type === 'availability' ? e.available : null));

  it('without Docker: unavailable with a reason, jobs fail with the reference text; when it comes back, jobs run', async () => {
    proxy = createDockerProxy();
    fx = await startRuntime({ docker: docker!, dockerHost: proxy.dockerHost });
    const a = fx.runtime.availability();
    expect(a.available).toBe(false);
    expect(!a.available && a.reason).toBe(`Docker is not available: no Docker engine at ${proxy.socketPath} (is Docker installed and running?)`);
    expect(fx.log.has({ level: 'warn', msg: /^Docker is not available: .*WASM Cargos still run/ })).toBe(true);
    const job = makeJob({ container_image: exitCode, input: { code: 0 } });
    expect((await runJob(fx, job)).states).toEqual([`failed: ${noDockerError(job.job_id)}`]);

    await proxy.start();
    await waitUntil(() => fx!.runtime.availability().available, 'the runtime to see Docker again', 5_000);
    expect(availabilityEvents()).toEqual([false, true]);
    await waitUntil(() => fx!.supply.started === 1, 'the image supply to start once Docker answered', 5_000);
    expect((await runJob(fx, makeJob({ container_image: exitCode, input: { code: 0 } }))).states).toEqual(['succeeded']);
  });

  it('notices Docker going away between jobs, and fails a job that loses it mid-run; the container is removed once Docker is back', async () => {
    proxy = createDockerProxy();
    await proxy.start();
    fx = await startRuntime({ docker: docker!, dockerHost: proxy.dockerHost });
    expect(fx.runtime.availability().available).toBe(true);

    const job = makeJob({ container_image: ticker });
    const run = runJob(fx, job, {
      cancelOn: (t) => {
        if (t === 'tick 2 ') void proxy!.stop();
        return false;
      },
    });
    const { states } = await run;
    const why = () => `log:\n${fx!.log.dump()}`;
    expect(states, why()).toHaveLength(2);
    expect(states[1], why()).toBe(`failed: Docker went away while this job's container ran: the Docker engine at ${proxy.socketPath} stopped answering (it stopped, crashed or restarted), so the job did not finish`);
    await waitUntil(() => !fx!.runtime.availability().available, 'the runtime to notice Docker is gone', 5_000);
    // The real dockerd still runs the container the Island could not remove.
    expect((await fx.containers()).length, why()).toBe(1);

    await proxy.start();
    await waitUntil(async () => (await fx!.containers()).length === 0, 'the left-behind container to be removed', 10_000);
    expect(availabilityEvents(), why()).toEqual([true, false, true]);
    expect(fx.log.has({ level: 'info', msg: 'removed a job container whose removal had failed' }), why()).toBe(true);
  });
});
