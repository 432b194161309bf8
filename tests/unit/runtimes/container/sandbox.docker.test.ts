// The sandbox proved from inside real containers: what each tier gets (§6.1 with our fixes), and
// what each seccomp profile in seccomp/ lets through and blocks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runContainer } from '../../../../src-main/agent/runtimes/container/container-run';
import { containerCreateOptions } from '../../../../src-main/agent/runtimes/container/container-spec';
import { containerName, jobLabels } from '../../../../src-main/agent/runtimes/container/labels';
import { planSandbox } from '../../../../src-main/agent/runtimes/container/sandbox-plan';
import { loadSeccompProfiles, type SeccompProfileName } from '../../../../src-main/agent/runtimes/container/seccomp-profiles';
import { requireDocker } from '../../../harness/docker';
import { createTestLogger } from '../../../helpers/test-logger';
import { facts, fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the container sandbox tests');
const MIB = 1024 * 1024;

describe.skipIf(!docker)('container sandbox (real dockerd)', { timeout: 30_000 }, () => {
  let fx: RuntimeFixture;
  let probe: string;

  beforeAll(async () => {
    probe = await fixtureImage(docker!, 'sandbox-probe');
    fx = await startRuntime({ docker: docker! });
  }, 60_000);
  afterAll(async () => fx?.close());
  afterEach(async () => {
    expect(await fx.containers()).toEqual([]);
  });

  async function probeIn(tier: string | null, own: RuntimeFixture = fx, image = probe): Promise<Record<string, string>> {
    const { states, tokens } = await runJob(own, makeJob({ container_image: image, sandbox_tier: tier }));
    expect(states).toEqual(['succeeded']);
    return facts(tokens);
  }

  it('standard: no capabilities, no-new-privileges, seccomp, read-only rootfs, no network, the tier’s limits', async () => {
    expect(await probeIn('standard')).toEqual({
      uid: '65534',
      CapEff: '0000000000000000',
      NoNewPrivs: '1',
      Seccomp: '2',
      ifaces: 'lo,',
      rootfs: 'readonly',
      tmp: 'writable',
      mkdir: 'allowed',
      socket: 'blocked',
      userns: 'blocked',
      'pids.max': '256',
      'memory.limit': String(1024 * MIB),
      'cpu.quota': '200000',
      nofile: '1024',
      tmpfs: 'rw,nosuid,nodev,noexec,relatime,size=262144k',
      volume: '',
    });
  });

  it('restricted: the minimal profile blocks mkdir and sockets; tighter pids, memory, CPU and files', async () => {
    expect(await probeIn('restricted')).toMatchObject({
      CapEff: '0000000000000000',
      NoNewPrivs: '1',
      Seccomp: '2',
      ifaces: 'lo,',
      rootfs: 'readonly',
      tmp: 'writable',
      mkdir: 'blocked',
      socket: 'blocked',
      userns: 'blocked',
      'pids.max': '64',
      'memory.limit': String(256 * MIB),
      'cpu.quota': '100000',
      nofile: '256',
    });
  });

  it('elevated keeps the network off when the owner disabled it (quirk 13 not copied)', async () => {
    expect(await probeIn('elevated')).toMatchObject({ ifaces: 'lo,', socket: 'blocked', 'memory.limit': String(8192 * MIB), 'pids.max': '1024' });
  });

  it('elevated gets the network and the network profile when the owner allows it; a null tier follows the owner', async () => {
    const own = await startRuntime({
      docker: docker!,
      toml: '[workload.resource_limits]\nnetwork_disabled = false\nmemory_mb = 2048\ncpu_percent = 150\n',
    });
    try {
      // The owner's memory_mb and cpu_percent are ceilings the tier cannot raise.
      expect(await probeIn('elevated', own)).toMatchObject({ ifaces: 'eth0,lo,', socket: 'allowed', 'memory.limit': String(2048 * MIB), 'cpu.quota': '150000' });
      expect(await probeIn(null, own)).toMatchObject({ ifaces: 'eth0,lo,', socket: 'allowed', Seccomp: '2', 'pids.max': '256' });
      expect(await probeIn('standard', own)).toMatchObject({ ifaces: 'lo,', socket: 'blocked', 'memory.limit': String(1024 * MIB), 'cpu.quota': '150000' });
      // An unknown tier may be a stricter one this Island predates: no network.
      expect(await probeIn('confidential', own)).toMatchObject({ ifaces: 'lo,', socket: 'blocked', 'memory.limit': String(2048 * MIB) });
      expect(await own.containers()).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('a null tier gets the owner’s limits and still the whole sandbox (the Rust Island applies none)', async () => {
    const own = await startRuntime({ docker: docker!, toml: '[workload.resource_limits]\nmemory_mb = 64\ncpu_percent = 50\ntmpfs_size_mb = 8\n' });
    try {
      expect(await probeIn(null, own)).toMatchObject({
        CapEff: '0000000000000000',
        NoNewPrivs: '1',
        Seccomp: '2',
        ifaces: 'lo,',
        rootfs: 'readonly',
        socket: 'blocked',
        'memory.limit': String(64 * MIB),
        'cpu.quota': '50000',
        'pids.max': '256',
        tmpfs: 'rw,nosuid,nodev,noexec,relatime,size=8192k',
      });
    } finally {
      await own.close();
    }
  });

  it('an image running as root still has no capabilities, and its VOLUME is a tmpfs, not a disk volume', async () => {
    const rootImage = await fixtureImage(docker!, 'sandbox-probe', { tag: 'island-test/sandbox-probe-root:latest', user: '0:0', volumes: ['/data'] });
    expect(await probeIn('standard', fx, rootImage)).toMatchObject({ uid: '0', CapEff: '0000000000000000', NoNewPrivs: '1', rootfs: 'readonly', volume: 'tmpfs' });
  });

  it('a writable rootfs only when the owner sets read_only_rootfs = false', async () => {
    const own = await startRuntime({ docker: docker!, toml: '[workload.resource_limits]\nread_only_rootfs = false\n' });
    try {
      const rootImage = await fixtureImage(docker!, 'sandbox-probe', { tag: 'island-test/sandbox-probe-root:latest', user: '0:0', volumes: ['/data'] });
      expect(await probeIn('standard', own, rootImage)).toMatchObject({ rootfs: 'writable', CapEff: '0000000000000000' });
    } finally {
      await own.close();
    }
  });

  describe('every profile in seccomp/ starts a container and blocks what it claims', () => {
    const profiles = loadSeccompProfiles();
    const cases: Array<[SeccompProfileName[], Record<string, string>]> = [
      [['minimal'], { mkdir: 'blocked', socket: 'blocked', userns: 'blocked' }],
      [['default'], { mkdir: 'allowed', socket: 'blocked', userns: 'blocked' }],
      [['network'], { mkdir: 'allowed', socket: 'allowed', userns: 'blocked' }],
      [['gpu'], { mkdir: 'allowed', socket: 'blocked', userns: 'blocked' }],
      [['gpu', 'network'], { mkdir: 'allowed', socket: 'allowed', userns: 'blocked' }],
    ];
    for (const [names, expected] of cases) {
      it(names.join(' + '), async () => {
        const plan = planSandbox('standard', { memoryMb: 256, readOnlyRootfs: true, tmpfsSizeMb: 16, cpuPercent: undefined, networkDisabled: true, gpuDevices: undefined }, { nvidiaRuntime: false });
        const tokens: string[] = [];
        const split = (b: Uint8Array) => {
          for (const line of Buffer.from(b).toString('utf8').split('\n')) {
            const m = /"content":"([^"]*)"/.exec(line);
            if (m) tokens.push(m[1]!);
          }
        };
        const exit = await runContainer({
          docker: docker!,
          create: containerCreateOptions({
            name: containerName(),
            image: probe,
            labels: jobLabels({ instanceId: fx.instanceId, sessionId: 'profile-test' }, 'profile-test'),
            plan,
            seccomp: profiles.text(names),
          }),
          input: {},
          signal: new AbortController().signal,
          stdout: split,
          stderr: () => undefined,
          log: createTestLogger(),
        });
        expect(exit).toEqual({ kind: 'exited', exitCode: 0, oomKilled: false });
        expect(facts(tokens)).toMatchObject({ Seccomp: '2', CapEff: '0000000000000000', ...expected });
      });
    }
  });
});
