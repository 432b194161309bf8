// System metrics for the heartbeat (§3.3). CPU use is measured over the interval since the
// previous sample (the Rust Island takes a single sample and reports 0 or a since-boot average).
// Disk figures are for the filesystem that holds the Island's caches, since that is the space
// models and images compete for (on Linux that is usually `/`, which the Rust Island reports).
import { cpus, freemem, totalmem } from 'node:os';
import { statfs } from 'node:fs/promises';
import type { SystemMetricsSnapshot } from '../../../src-shared/protocol/messages';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

interface CpuTimes {
  idle: number;
  total: number;
}

export interface SystemSamplerOptions {
  diskPath: string;
  /** Injected for tests; defaults to node:os. */
  readCpus?: () => Array<{ times: Record<'user' | 'nice' | 'sys' | 'idle' | 'irq', number> }>;
  readMemory?: () => { total: number; available: number };
  readDisk?: (path: string) => Promise<{ total: number; available: number }>;
}

export class SystemSampler {
  private last: CpuTimes;
  private readonly readCpus;
  private readonly readMemory;
  private readonly readDisk;

  constructor(private readonly opts: SystemSamplerOptions) {
    this.readCpus = opts.readCpus ?? cpus;
    this.readMemory = opts.readMemory ?? (() => ({ total: totalmem(), available: freemem() }));
    this.readDisk = opts.readDisk ?? readDiskDefault;
    this.last = this.cpuTimes();
  }

  /** CPU use since the previous call (or since construction), 0–100. */
  cpuPercent(): number {
    const now = this.cpuTimes();
    const total = now.total - this.last.total;
    const idle = now.idle - this.last.idle;
    this.last = now;
    if (total <= 0) return 0;
    return Math.min(100, Math.max(0, (100 * (total - idle)) / total));
  }

  async sample(): Promise<SystemMetricsSnapshot> {
    const cpu = this.cpuPercent();
    const mem = this.readMemory();
    let disk = { total: 0, available: 0 };
    try {
      disk = await this.readDisk(this.opts.diskPath);
    } catch {
      // An unreadable path reports 0, as the Rust Island does when it finds no `/` mount.
    }
    return {
      cpu_percent: Math.round(cpu * 10) / 10,
      memory_used_mb: Math.floor((mem.total - mem.available) / MIB),
      memory_total_mb: Math.floor(mem.total / MIB),
      disk_used_gb: Math.floor((disk.total - disk.available) / GIB),
      disk_total_gb: Math.floor(disk.total / GIB),
    };
  }

  private cpuTimes(): CpuTimes {
    let idle = 0;
    let total = 0;
    for (const c of this.readCpus()) {
      const t = c.times;
      idle += t.idle;
      total += t.user + t.nice + t.sys + t.idle + t.irq;
    }
    return { idle, total };
  }
}

async function readDiskDefault(path: string): Promise<{ total: number; available: number }> {
  const s = await statfs(path);
  return { total: s.blocks * s.bsize, available: s.bavail * s.bsize };
}
