// Reading a process from /proc: the parsers on recorded text, then this test's own process for real.
import { describe, expect, it } from 'vitest';
import { cpuTicks, readProc, statusField } from '../../../bench/lib/soak-proc';

const STATUS = 'Name:\tnode\nUmask:\t0022\nState:\tS (sleeping)\nVmHWM:\t  130000 kB\nVmRSS:\t  125400 kB\nThreads:\t12\n';

describe('/proc parsing', () => {
  it('reads a status field, and names one that is missing', () => {
    expect(statusField(STATUS, 'VmRSS')).toBe(125_400);
    expect(statusField(STATUS, 'Threads')).toBe(12);
    expect(() => statusField(STATUS, 'VmSwap')).toThrow('/proc status has no VmSwap field');
  });

  it('counts utime + stime after the command name, even one with spaces and parentheses', () => {
    // Fields 14 and 15 are utime 250 and stime 40.
    const stat = '4737 (node (soak) x) S 4700 4737 4700 0 -1 4194560 9000 0 0 0 250 40 0 0 20 0 12 0 5000 900000000 30000';
    expect(cpuTicks(stat)).toBe(290);
  });

  it('reads this process: resident memory, threads, fds and CPU', async () => {
    const p = await readProc(process.pid);
    expect(p.rssKb * 1024).toBeGreaterThan(process.memoryUsage().heapUsed / 2);
    expect(p.threads).toBeGreaterThanOrEqual(1);
    expect(p.fds).toBeGreaterThanOrEqual(3);
    expect(p.cpuMs).toBeGreaterThan(0);
  });
});
