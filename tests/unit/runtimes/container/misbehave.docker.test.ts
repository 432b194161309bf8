// Cargos that try what the sandbox forbids: each ends `failed` with a clear reason, and no
// container is left behind.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../../../harness/docker';
import { fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the container sandbox tests');

describe.skipIf(!docker)('misbehaving container Cargos (real dockerd)', { timeout: 30_000 }, () => {
  let fx: RuntimeFixture;
  let image: string;

  beforeAll(async () => {
    image = await fixtureImage(docker!, 'misbehave');
    // Short limits so that the Cargos that never stop are stopped quickly.
    fx = await startRuntime({ docker: docker!, tierTimeouts: { standard: 3 } });
  }, 60_000);
  afterAll(async () => fx?.close());
  afterEach(async () => {
    expect(await fx.containers()).toEqual([]);
  });

  const run = (mode: string, tier: string | null = 'standard') => runJob(fx, makeJob({ container_image: image, sandbox_tier: tier, input: { mode } }));

  it('a Cargo that tries the network fails: it cannot even open a socket', async () => {
    const { states } = await run('network');
    expect(states).toEqual(['failed: Container crash: Unknown error (code 7)']);
    const stderr = fx.log.messages('info').filter((m) => m.startsWith('stderr: '));
    expect(stderr).toContain('stderr: nc: socket: Operation not permitted');
  });

  it('a Cargo that writes the rootfs fails: it is read-only', async () => {
    const { states } = await run('rootfs');
    expect(states).toEqual(['failed: Container crash: Unknown error (code 5)']);
    expect(fx.log.messages('info')).toContain('stderr: /run.sh: line 11: can\'t create /owned: Read-only file system');
  });

  it('a fork loop stops at the pids limit', async () => {
    const { states, tokens } = await run('fork-count');
    expect(states).toEqual(['failed: Container crash: Unknown error (code 3)']);
    const forked = Number(/^forked=(\d+)$/.exec(tokens[0] ?? '')?.[1]);
    expect(forked).toBeGreaterThan(100);
    expect(forked).toBeLessThan(256);
  });

  it('a fork bomb is contained and stopped at the timeout, container removed', async () => {
    const started = Date.now();
    const { states } = await run('fork-bomb');
    expect(states).toEqual(['failed: Timeout: job exceeded 3s limit']);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a Cargo that allocates past the memory limit fails as out of memory (checked before the exit code)', async () => {
    const own = await startRuntime({ docker: docker!, toml: '[workload.resource_limits]\nmemory_mb = 32\n' });
    try {
      const { states, tokens } = await runJob(own, makeJob({ container_image: image, sandbox_tier: null, input: { mode: 'oom' } }));
      expect(tokens).toEqual(['allocating']);
      expect(states).toEqual(['failed: Out of memory: container exceeded memory limit']);
      expect(await own.containers()).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('a Cargo that runs past its timeout is killed and removed; the error names the real limit', async () => {
    const started = Date.now();
    const { states } = await run('sleep');
    expect(states).toEqual(['streaming', 'failed: Timeout: job exceeded 3s limit']);
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});
