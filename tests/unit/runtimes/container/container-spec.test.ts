// The create options: exactly the image's own command, the whole sandbox always on (§6.2 hardened).
import { describe, expect, it } from 'vitest';
import { containerCreateOptions } from '../../../../src-main/agent/runtimes/container/container-spec';
import { containerName, jobLabels } from '../../../../src-main/agent/runtimes/container/labels';
import { planSandbox, type OwnerLimits } from '../../../../src-main/agent/runtimes/container/sandbox-plan';

const owner: OwnerLimits = { memoryMb: 8192, readOnlyRootfs: true, tmpfsSizeMb: 256, cpuPercent: undefined, networkDisabled: true, gpuDevices: undefined };
const labels = jobLabels({ instanceId: 'abcd', sessionId: 's1', hostId: 'host-1' }, 'job-1');

describe('containerCreateOptions', () => {
  it('standard tier: attach with stdin once, no overrides, every hardening option', () => {
    const opts = containerCreateOptions({ name: 'archipelag-job-x', image: 'img:1', labels, plan: planSandbox('standard', owner, { nvidiaRuntime: false }), seccomp: '{"x":1}' });
    expect(opts).toEqual({
      name: 'archipelag-job-x',
      Image: 'img:1',
      Labels: {
        'io.archipelag.island': '1',
        'io.archipelag.island.job': 'job-1',
        'io.archipelag.island.instance': 'abcd',
        'io.archipelag.island.session': 's1',
        'io.archipelag.island.host': 'host-1',
      },
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      OpenStdin: true,
      StdinOnce: true,
      Tty: false,
      NetworkDisabled: true,
      HostConfig: {
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true', 'seccomp={"x":1}'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=256m' },
        PidsLimit: 256,
        Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
        IpcMode: 'private',
        OomScoreAdj: 500,
        LogConfig: { Type: 'none', Config: {} },
        AutoRemove: false,
        NetworkMode: 'none',
        Memory: 1024 * 1024 * 1024,
        MemorySwap: 1024 * 1024 * 1024,
        CpuPeriod: 100_000,
        CpuQuota: 200_000,
      },
    });
    for (const key of ['Cmd', 'Entrypoint', 'Env', 'User', 'WorkingDir']) expect(opts).not.toHaveProperty(key);
  });

  it('network on: Docker’s default network (no NetworkMode), NetworkDisabled false', () => {
    const opts = containerCreateOptions({ name: 'n', image: 'i', labels, plan: planSandbox('elevated', { ...owner, networkDisabled: false }, { nvidiaRuntime: false }), seccomp: '{}' });
    expect(opts.NetworkDisabled).toBe(false);
    expect(opts.HostConfig).not.toHaveProperty('NetworkMode');
  });

  it('no memory keys when there is no limit; no CPU keys without a quota', () => {
    const opts = containerCreateOptions({ name: 'n', image: 'i', labels, plan: planSandbox(null, { ...owner, memoryMb: 0 }, { nvidiaRuntime: false }), seccomp: '{}' });
    for (const key of ['Memory', 'MemorySwap', 'CpuPeriod', 'CpuQuota']) expect(opts.HostConfig).not.toHaveProperty(key);
  });

  it('GPU device requests for the configured devices, and Count -1 for "all"', () => {
    const plan = (gpuDevices: string[]) => planSandbox('standard', { ...owner, gpuDevices }, { nvidiaRuntime: true });
    expect(containerCreateOptions({ name: 'n', image: 'i', labels, plan: plan(['0', 'GPU-abc']), seccomp: '{}' }).HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', DeviceIDs: ['0', 'GPU-abc'], Capabilities: [['gpu']] },
    ]);
    expect(containerCreateOptions({ name: 'n', image: 'i', labels, plan: plan(['all']), seccomp: '{}' }).HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] },
    ]);
    expect(containerCreateOptions({ name: 'n', image: 'i', labels, plan: planSandbox('standard', owner, { nvidiaRuntime: true }), seccomp: '{}' }).HostConfig).not.toHaveProperty('DeviceRequests');
  });

  it('an image’s VOLUME paths get a capped tmpfs like /tmp instead of a disk volume', () => {
    const opts = containerCreateOptions({ name: 'n', image: 'i', labels, plan: planSandbox('standard', { ...owner, tmpfsSizeMb: 16 }, { nvidiaRuntime: false }), seccomp: '{}', volumes: ['/data', '/cache'] });
    expect(opts.HostConfig?.Tmpfs).toEqual({
      '/tmp': 'rw,noexec,nosuid,nodev,size=16m',
      '/data': 'rw,noexec,nosuid,nodev,size=16m',
      '/cache': 'rw,noexec,nosuid,nodev,size=16m',
    });
  });

  it('names containers archipelag-job-<uuid v4>, and labels them without a host id when none is known', () => {
    expect(containerName()).toMatch(/^archipelag-job-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobLabels({ instanceId: 'i', sessionId: 's' }, 'j')).not.toHaveProperty('io.archipelag.island.host');
  });
});
