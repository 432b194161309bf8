// What the kernel says about a process, read from outside it: resident memory, threads, open
// file descriptors and CPU time (Linux /proc; the soak runs where the Island's Linux build runs).
import { readdir, readFile } from 'node:fs/promises';

export interface ProcFigures {
  rssKb: number;
  threads: number;
  fds: number;
  /** utime + stime, in ms. */
  cpuMs: number;
}

/** The `Name:   value kB` fields of /proc/<pid>/status. */
export function statusField(status: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
  if (!m) throw new Error(`/proc status has no ${name} field`);
  return Number(m[1]);
}

/** utime and stime of /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised name). */
export function cpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

// USER_HZ is 100 on every Linux the Island's build targets (x86-64, arm64).
const TICK_MS = 10;

export async function readProc(pid: number): Promise<ProcFigures> {
  const [status, stat, fds] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/stat`, 'utf8'),
    readdir(`/proc/${pid}/fd`),
  ]);
  return { rssKb: statusField(status, 'VmRSS'), threads: statusField(status, 'Threads'), fds: fds.length, cpuMs: cpuTicks(stat) * TICK_MS };
}
