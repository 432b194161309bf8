// The Docker create options for one job (island-protocol.md §6.2, hardened): no Cmd, Entrypoint,
// Env or User overrides, so a Cargo runs exactly as its image says, inside a sandbox that always
// drops every capability, sets no-new-privileges, limits pids and open files, and has a seccomp
// profile, whatever the tier.
import type Docker from 'dockerode';
import { CPU_PERIOD_US, type SandboxPlan } from './sandbox-plan';

export interface ContainerSpecInput {
  name: string;
  /** PreparedImage.ref: the image the supply checked. */
  image: string;
  labels: Record<string, string>;
  plan: SandboxPlan;
  /** The seccomp profile as JSON text. */
  seccomp: string;
  /** The image's VOLUME paths: each gets a tmpfs like /tmp instead of a volume on disk. */
  volumes?: readonly string[];
}

export function containerCreateOptions({ name, image, labels, plan, seccomp, volumes = [] }: ContainerSpecInput): Docker.ContainerCreateOptions {
  const host: Docker.HostConfig = {
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges:true', `seccomp=${seccomp}`],
    ReadonlyRootfs: plan.readOnlyRootfs,
    // Always a size-capped /tmp, even on a writable rootfs, so scratch files never fill the disk.
    Tmpfs: Object.fromEntries(['/tmp', ...volumes].map((p) => [p, `rw,noexec,nosuid,nodev,size=${plan.tmpfsSizeMb}m`])),
    PidsLimit: plan.pidsLimit,
    Ulimits: [{ Name: 'nofile', Soft: plan.nofile, Hard: plan.nofile }],
    IpcMode: 'private',
    // If the host runs out of memory, the kernel should pick a Cargo before the Island or the desktop.
    OomScoreAdj: 500,
    // Output is read through the attach stream; a log driver would only copy it (base64 images
    // included) to disk until the container is removed.
    LogConfig: { Type: 'none', Config: {} },
    AutoRemove: false,
  };
  // With the network on, Docker's default network, as the Rust Island (and `docker run`) uses.
  if (!plan.network) host.NetworkMode = 'none';
  if (plan.memoryBytes > 0) {
    host.Memory = plan.memoryBytes;
    // Equal to Memory: no swap on top, so the limit is the limit.
    host.MemorySwap = plan.memoryBytes;
  }
  if (plan.cpuQuota !== null) {
    host.CpuPeriod = CPU_PERIOD_US;
    host.CpuQuota = plan.cpuQuota;
  }
  if (plan.gpuDevices) {
    // `all` means every GPU, as `docker run --gpus all` (Count -1), not a device named "all".
    const every = plan.gpuDevices.includes('all');
    host.DeviceRequests = [
      { Driver: 'nvidia', ...(every ? { Count: -1 } : { DeviceIDs: plan.gpuDevices }), Capabilities: [['gpu']] },
    ];
  }
  return {
    name,
    Image: image,
    Labels: labels,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: !plan.network,
    HostConfig: host,
  };
}
