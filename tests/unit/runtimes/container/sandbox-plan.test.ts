// §6.1 tiers as this Island applies them: the reference's table, with the owner's limits as a
// ceiling, the network never turned on against the owner (quirk 13), and a sandbox for every job.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIER_TIMEOUTS, planSandbox, tierKind, type OwnerLimits } from '../../../../src-main/agent/runtimes/container/sandbox-plan';

const MIB = 1024 * 1024;
const owner: OwnerLimits = { memoryMb: 8192, readOnlyRootfs: true, tmpfsSizeMb: 256, cpuPercent: undefined, networkDisabled: true, gpuDevices: undefined };
const nvidia = { nvidiaRuntime: true };
const noNvidia = { nvidiaRuntime: false };

describe('planSandbox', () => {
  it('restricted: 256 MiB, 1 CPU, 60 s, no network, no GPU, the minimal profile, tight pids and files', () => {
    const p = planSandbox('restricted', { ...owner, networkDisabled: false, gpuDevices: ['0'] }, nvidia);
    expect(p).toMatchObject({ tier: 'restricted', timeoutSeconds: 60, memoryBytes: 256 * MIB, cpuQuota: 100_000, network: false, gpuDevices: null, seccomp: ['minimal'], pidsLimit: 64, nofile: 256 });
  });

  it('standard: 1 GiB, 2 CPUs, 300 s, no network even when the owner allows it, GPU kept', () => {
    const p = planSandbox('standard', { ...owner, networkDisabled: false, gpuDevices: ['0', '1'] }, nvidia);
    expect(p).toMatchObject({ tier: 'standard', timeoutSeconds: 300, memoryBytes: 1024 * MIB, cpuQuota: 200_000, network: false, gpuDevices: ['0', '1'], seccomp: ['gpu'], pidsLimit: 256 });
  });

  it('elevated: 8 GiB, 4 CPUs, 600 s; network only when the owner has not disabled it (quirk 13 fixed)', () => {
    const off = planSandbox('elevated', owner, noNvidia);
    expect(off).toMatchObject({ timeoutSeconds: 600, memoryBytes: 8192 * MIB, cpuQuota: 400_000, network: false, seccomp: ['default'] });
    expect(off.notes).toContain('network stays off: the owner set network_disabled = true');
    const on = planSandbox('elevated', { ...owner, networkDisabled: false }, noNvidia);
    expect(on).toMatchObject({ network: true, seccomp: ['default', 'network'] });
    const gpu = planSandbox('elevated', { ...owner, networkDisabled: false, gpuDevices: ['0'] }, nvidia);
    // The Rust Gpu profile had no sockets: an elevated GPU job could not use its network.
    expect(gpu).toMatchObject({ network: true, gpuDevices: ['0'], seccomp: ['gpu', 'network'] });
  });

  it('the owner’s memory_mb and cpu_percent are ceilings a tier cannot raise', () => {
    const p = planSandbox('elevated', { ...owner, memoryMb: 2048, cpuPercent: 150 }, noNvidia);
    expect(p).toMatchObject({ memoryBytes: 2048 * MIB, cpuQuota: 150_000 });
    expect(p.notes).toContain("memory capped at the owner's memory_mb = 2048 (tier allows 8192 MiB)");
    expect(planSandbox('restricted', { ...owner, cpuPercent: 50 }, noNvidia)).toMatchObject({ memoryBytes: 256 * MIB, cpuQuota: 50_000 });
  });

  it('a null tier: the owner’s limits, 300 s, the owner’s network choice, and still a seccomp profile', () => {
    expect(planSandbox(null, { ...owner, memoryMb: 512, cpuPercent: 75 }, noNvidia)).toMatchObject({
      tier: 'none',
      timeoutSeconds: 300,
      memoryBytes: 512 * MIB,
      cpuQuota: 75_000,
      network: false,
      seccomp: ['default'],
      pidsLimit: 256,
    });
    expect(planSandbox(null, { ...owner, networkDisabled: false }, noNvidia)).toMatchObject({ network: true, seccomp: ['default', 'network'], cpuQuota: null });
  });

  it('an unknown tier: the owner’s limits and the default profile, but no network (it may be stricter than we know)', () => {
    const p = planSandbox('confidential', { ...owner, networkDisabled: false, memoryMb: 4096 }, noNvidia);
    expect(p).toMatchObject({ tier: 'unknown', timeoutSeconds: 300, memoryBytes: 4096 * MIB, network: false, seccomp: ['default'] });
    expect(p.notes[0]).toContain('unknown sandbox tier "confidential"');
  });

  it('passes GPUs only when Docker has the NVIDIA runtime, and says why not', () => {
    const p = planSandbox('standard', { ...owner, gpuDevices: ['0'] }, noNvidia);
    expect(p).toMatchObject({ gpuDevices: null, seccomp: ['default'] });
    expect(p.notes).toContain('gpu_devices is set but Docker has no NVIDIA runtime: running without the GPU');
    expect(planSandbox('standard', { ...owner, gpuDevices: [] }, nvidia).gpuDevices).toBeNull();
  });

  it('0 means no limit for memory_mb and cpu_percent (as Docker reads 0), and tiny limits meet Docker’s minimum', () => {
    expect(planSandbox(null, { ...owner, memoryMb: 0, cpuPercent: 0 }, noNvidia)).toMatchObject({ memoryBytes: 0, cpuQuota: null });
    expect(planSandbox('standard', { ...owner, memoryMb: 0 }, noNvidia).memoryBytes).toBe(1024 * MIB);
    expect(planSandbox(null, { ...owner, memoryMb: 2 }, noNvidia).memoryBytes).toBe(6 * MIB);
  });

  it('keeps the owner’s rootfs and tmpfs settings whatever the tier', () => {
    expect(planSandbox('elevated', { ...owner, readOnlyRootfs: false, tmpfsSizeMb: 64 }, noNvidia)).toMatchObject({ readOnlyRootfs: false, tmpfsSizeMb: 64 });
  });

  it('timeouts per tier: 60 / 300 / 600, and 300 for unknown and null; tests may shorten them', () => {
    expect(DEFAULT_TIER_TIMEOUTS).toEqual({ restricted: 60, standard: 300, elevated: 600, unknown: 300, none: 300 });
    expect(planSandbox('standard', owner, noNvidia, { ...DEFAULT_TIER_TIMEOUTS, standard: 2 }).timeoutSeconds).toBe(2);
    expect(['restricted', 'standard', 'elevated', 'Standard', '', null].map(tierKind)).toEqual(['restricted', 'standard', 'elevated', 'unknown', 'unknown', 'none']);
  });
});
