// Sandbox tiers (island-protocol.md §6.1) turned into the limits one job runs under. Differences
// from the Rust Island, each on purpose:
// * The owner's `[workload.resource_limits]` are a ceiling: a tier can lower memory and CPU, never
//   raise them, and never turns on networking the owner disabled (quirk 13).
// * Every job gets a seccomp profile, a pids limit and an open-files limit, not only tiered ones.
//   A null tier gets `default` (plus `network` when the owner enabled networking: the Rust Island
//   leaves null-tier jobs on Docker's own profile, which allows sockets, so such Cargos expect them).
// * An unknown tier runs like a null tier but without network: it may name a stricter tier that
//   this Island predates, so it gets the conservative choice (the Rust `Default` had no sockets).
// * GPU devices are passed only when Docker has the NVIDIA runtime; the `gpu` profile then replaces
//   `default`, and is merged with `network` when the job may use the network (the Rust Gpu profile
//   had no sockets, so an elevated GPU job could not use the network it was given).
import type { SeccompProfileName } from './seccomp-profiles';

export type TierKind = 'restricted' | 'standard' | 'elevated' | 'unknown' | 'none';

export interface OwnerLimits {
  memoryMb: number;
  readOnlyRootfs: boolean;
  tmpfsSizeMb: number;
  /** Percent of one CPU (150 = 1.5 CPUs); undefined = no limit. */
  cpuPercent: number | undefined;
  networkDisabled: boolean;
  gpuDevices: readonly string[] | undefined;
}

export interface HostFacts {
  nvidiaRuntime: boolean;
}

export type TierTimeouts = Record<TierKind, number>;

export const DEFAULT_TIER_TIMEOUTS: Readonly<TierTimeouts> = { restricted: 60, standard: 300, elevated: 600, unknown: 300, none: 300 };

export interface SandboxPlan {
  tier: TierKind;
  timeoutSeconds: number;
  /** 0 = no limit. */
  memoryBytes: number;
  /** µs of CPU per 100 ms period; null = no limit. */
  cpuQuota: number | null;
  pidsLimit: number;
  nofile: number;
  network: boolean;
  gpuDevices: string[] | null;
  seccomp: SeccompProfileName[];
  readOnlyRootfs: boolean;
  tmpfsSizeMb: number;
  /** Where the plan departs from what the tier or the owner asked, for the job's log. */
  notes: string[];
}

interface TierRow {
  memoryMb: number | null;
  cpuQuota: number | null;
  pidsLimit: number;
  nofile: number;
  network: 'off' | 'allowed' | 'owner';
  gpu: boolean;
}

const MIB = 1024 * 1024;
const PERIOD_US = 100_000;
const MIN_MEMORY_MB = 6;

const TIERS: Record<TierKind, TierRow> = {
  restricted: { memoryMb: 256, cpuQuota: 100_000, pidsLimit: 64, nofile: 256, network: 'off', gpu: false },
  standard: { memoryMb: 1024, cpuQuota: 200_000, pidsLimit: 256, nofile: 1024, network: 'off', gpu: true },
  elevated: { memoryMb: 8192, cpuQuota: 400_000, pidsLimit: 1024, nofile: 4096, network: 'allowed', gpu: true },
  unknown: { memoryMb: null, cpuQuota: null, pidsLimit: 256, nofile: 1024, network: 'off', gpu: true },
  none: { memoryMb: null, cpuQuota: null, pidsLimit: 256, nofile: 1024, network: 'owner', gpu: true },
};

export function tierKind(tier: string | null): TierKind {
  if (tier === null) return 'none';
  return tier === 'restricted' || tier === 'standard' || tier === 'elevated' ? tier : 'unknown';
}

export function planSandbox(
  tier: string | null,
  owner: OwnerLimits,
  host: HostFacts,
  timeouts: Readonly<TierTimeouts> = DEFAULT_TIER_TIMEOUTS,
): SandboxPlan {
  const kind = tierKind(tier);
  const row = TIERS[kind];
  const notes: string[] = [];
  if (kind === 'unknown') notes.push(`unknown sandbox tier "${tier}": owner's limits, default seccomp profile, no network`);

  // 0 means "no limit" for the owner's keys, as it does for Docker (the Rust Island passes it through).
  const ownerMemory = owner.memoryMb > 0 ? owner.memoryMb : null;
  let memoryMb = row.memoryMb ?? ownerMemory ?? 0;
  if (row.memoryMb !== null && ownerMemory !== null && row.memoryMb > ownerMemory) {
    notes.push(`memory capped at the owner's memory_mb = ${ownerMemory} (tier allows ${row.memoryMb} MiB)`);
    memoryMb = ownerMemory;
  }
  if (memoryMb > 0 && memoryMb < MIN_MEMORY_MB) {
    notes.push(`memory raised to Docker's minimum of ${MIN_MEMORY_MB} MiB`);
    memoryMb = MIN_MEMORY_MB;
  }

  const ownerQuota = owner.cpuPercent ? owner.cpuPercent * 1000 : null;
  const cpuQuota = row.cpuQuota === null ? ownerQuota : ownerQuota === null ? row.cpuQuota : Math.min(row.cpuQuota, ownerQuota);

  const network = row.network !== 'off' && !owner.networkDisabled;
  if (row.network === 'allowed' && owner.networkDisabled) notes.push('network stays off: the owner set network_disabled = true');

  let gpuDevices: string[] | null = null;
  const wanted = owner.gpuDevices && owner.gpuDevices.length > 0 ? [...owner.gpuDevices] : null;
  if (wanted && row.gpu) {
    if (host.nvidiaRuntime) gpuDevices = wanted;
    else notes.push('gpu_devices is set but Docker has no NVIDIA runtime: running without the GPU');
  }

  const seccomp: SeccompProfileName[] =
    kind === 'restricted' ? ['minimal'] : [gpuDevices ? 'gpu' : 'default', ...(network ? (['network'] as const) : [])];

  return {
    tier: kind,
    timeoutSeconds: timeouts[kind],
    memoryBytes: memoryMb * MIB,
    cpuQuota: cpuQuota === null ? null : Math.max(1_000, cpuQuota),
    pidsLimit: row.pidsLimit,
    nofile: row.nofile,
    network,
    gpuDevices,
    seccomp,
    readOnlyRootfs: owner.readOnlyRootfs,
    tmpfsSizeMb: owner.tmpfsSizeMb,
    notes,
  };
}

export const CPU_PERIOD_US = PERIOD_US;
