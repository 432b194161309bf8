// The CPU time a job's worker thread has used: the stand-in for wasmtime's fuel. A thread that
// spins in WebAssembly never returns to its event loop, so it cannot report on itself; the
// measurement is taken from outside. Node ≥ 22.19 has worker.cpuUsage() for that; older Nodes
// (an Electron a few releases behind) read the thread's line in /proc on Linux instead.
import { readFile } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';

export interface CpuMeter {
  /** The worker's kernel thread id, which the /proc fallback needs. */
  setThreadId(tid: number | null): void;
  /** Milliseconds of CPU (user + system) used so far, or null if it cannot be measured here. */
  readMs(): Promise<number | null>;
  readonly method: 'worker.cpuUsage' | 'proc' | 'none';
}

/** Clock ticks per second in /proc/<pid>/stat: USER_HZ, 100 on every Linux ABI. */
const USER_HZ = 100;

export function createCpuMeter(worker: Worker, platform: NodeJS.Platform = process.platform): CpuMeter {
  if (typeof worker.cpuUsage === 'function') {
    return {
      method: 'worker.cpuUsage',
      setThreadId: () => undefined,
      readMs: async () => {
        try {
          const u = await worker.cpuUsage();
          return (u.user + u.system) / 1000;
        } catch {
          return null; // the worker already stopped
        }
      },
    };
  }
  let tid: number | null = null;
  return {
    get method() {
      return platform === 'linux' && tid !== null ? ('proc' as const) : ('none' as const);
    },
    setThreadId: (id) => {
      tid = id;
    },
    readMs: async () => {
      if (platform !== 'linux' || tid === null) return null;
      try {
        return parseThreadStatMs(await readFile(`/proc/self/task/${tid}/stat`, 'utf8'));
      } catch {
        return null;
      }
    },
  };
}

/** utime + stime of a /proc/<pid>/task/<tid>/stat line, in milliseconds. */
export function parseThreadStatMs(line: string): number | null {
  // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
  const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / USER_HZ;
}
