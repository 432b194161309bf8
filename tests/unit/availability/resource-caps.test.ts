import { describe, expect, it } from 'vitest';
import { resourceCapProblems } from '../../../src-shared/domain/availability';

const machine = { cpuCount: 8, memoryMb: 32_768, diskGb: 500 };
const caps = (o: Partial<{ cpuPercent: number | null; memoryMb: number | null; cacheDiskGb: number | null }>) => ({ cpuPercent: null, memoryMb: null, cacheDiskGb: null, ...o });

describe('resourceCapProblems', () => {
  it('accepts caps that fit the machine, and no caps at all', () => {
    expect(resourceCapProblems(caps({}), machine)).toEqual([]);
    expect(resourceCapProblems(caps({ cpuPercent: 800, memoryMb: 32_768, cacheDiskGb: 500 }), machine)).toEqual([]);
  });

  it('names the key of each cap that cannot work on this machine', () => {
    expect(resourceCapProblems(caps({ cpuPercent: 0, memoryMb: 65_536, cacheDiskGb: 700 }), machine)).toEqual([
      { key: 'workload.resource_limits.cpu_percent', message: '0 would leave jobs no CPU at all; remove the key for no limit, or give at least 1 (100 = one CPU)' },
      { key: 'workload.resource_limits.memory_mb', message: "65536 MiB is more than this machine's 32768 MiB" },
      { key: 'cache.max_cache_gb + model_cache.max_cache_gb', message: 'the caches may take 700 GB together, more than the 500 GB disk they are on' },
    ]);
    expect(resourceCapProblems(caps({ cpuPercent: 1600 }), machine)).toEqual([
      { key: 'workload.resource_limits.cpu_percent', message: "1600 is more than this machine's 8 CPUs (at most 800)" },
    ]);
  });

  it('skips the disk check when the disk size is unknown', () => {
    expect(resourceCapProblems(caps({ cacheDiskGb: 10_000 }), { ...machine, diskGb: null })).toEqual([]);
  });
});
