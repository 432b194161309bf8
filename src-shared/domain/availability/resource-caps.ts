// Resource caps checked against the machine they run on. The schema can only check that each
// value is a number; whether 48 CPUs or 200 GB of RAM make sense depends on the hardware, which
// the agent knows and passes in.
import type { ResourceCaps } from './types';

export interface MachineSize {
  readonly cpuCount: number;
  readonly memoryMb: number;
  /** Size of the disk the caches live on; null when unknown. */
  readonly diskGb: number | null;
}

export interface CapProblem {
  /** The config key to change. */
  readonly key: string;
  readonly message: string;
}

export function resourceCapProblems(caps: ResourceCaps, machine: MachineSize): CapProblem[] {
  const out: CapProblem[] = [];
  const cpuMax = machine.cpuCount * 100;
  if (caps.cpuPercent !== null && caps.cpuPercent < 1) {
    out.push({ key: 'workload.resource_limits.cpu_percent', message: '0 would leave jobs no CPU at all; remove the key for no limit, or give at least 1 (100 = one CPU)' });
  } else if (caps.cpuPercent !== null && caps.cpuPercent > cpuMax) {
    out.push({ key: 'workload.resource_limits.cpu_percent', message: `${caps.cpuPercent} is more than this machine's ${machine.cpuCount} CPUs (at most ${cpuMax})` });
  }
  if (caps.memoryMb !== null && caps.memoryMb > machine.memoryMb) {
    out.push({ key: 'workload.resource_limits.memory_mb', message: `${caps.memoryMb} MiB is more than this machine's ${machine.memoryMb} MiB` });
  }
  if (caps.cacheDiskGb !== null && machine.diskGb !== null && caps.cacheDiskGb > machine.diskGb) {
    out.push({ key: 'cache.max_cache_gb + model_cache.max_cache_gb', message: `the caches may take ${caps.cacheDiskGb} GB together, more than the ${machine.diskGb} GB disk they are on` });
  }
  return out;
}
