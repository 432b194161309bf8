// The Markdown section the soak prints for bench/RESULTS.md: settings, the run's own baseline
// beside the end, every verdict with its figures, and a failing check shown as such.
import { describe, expect, it } from 'vitest';
import { analyseSoak, type QuietSample, type SoakInput } from '../../../bench/lib/soak-analysis';
import { renderSoakMarkdown, type SoakMeta } from '../../../bench/lib/soak-report';

const quiet = (over: Partial<QuietSample> = {}): QuietSample => ({
  fds: 33,
  threads: 12,
  activeResources: 8,
  resourcesByType: { Timeout: 3, MessagePort: 1 },
  pendingTimers: 12,
  timersByDurationMs: { '10000': 1, '60000': 11 },
  containers: 0,
  rssMb: 120.1,
  heapUsedMb: 27.9,
  ...over,
});

const points = (values: number[]) => values.map((value, i) => ({ tMs: i * 10_000, value }));

function input(over: Partial<SoakInput> = {}): SoakInput {
  return {
    timeline: { durationMs: 300_000, warmupMs: 60_000 },
    rssMb: points(Array.from({ length: 31 }, () => 125)),
    heapUsedMb: points(Array.from({ length: 31 }, () => 28)),
    listenerHighWater: points(Array.from({ length: 31 }, () => 3)),
    baseline: quiet(),
    final: quiet({ rssMb: 125.4, heapUsedMb: 28.5, resourcesByType: { Timeout: 4, MessagePort: 1 }, activeResources: 9, pendingTimers: 13, timersByDurationMs: { '10000': 1, '60000': 11, '1800000': 1 } }),
    maxListenerWarnings: { inProcess: 0, inOutput: 0 },
    jobs: { dispatched: 300, notTerminal: [], repeatedTerminal: [], violations: 0, unexpected: [] },
    containersSeenRunning: 1,
    stop: { exitCode: 0, signal: null },
    ...over,
  };
}

const meta: SoakMeta = {
  date: '2026-11-22 12:32',
  command: 'npx tsx bench/soak.ts --minutes 5',
  machine: 'Intel Xeon (2 vCPU), 24 GB RAM, kernel 6.18',
  software: 'Node v22.23.3, nats-server v2.9.10, Docker engine 20.10.24',
  loadBefore: '0.50 0.40 0.30',
  minutes: 5,
  rate: 1,
  warmupMinutes: 1,
  sampleSeconds: 2.5,
  concurrency: 3,
  mix: ['wasm-hello', 'container-echo'],
  outcomes: { 'wasm-hello': { succeeded: 150 }, 'container-echo': { succeeded: 149, failed: 1 } },
  peakRssMb: 128.4,
  cpuSeconds: 24.5,
  listenerPeak: { count: 3, emitter: 'Socket', event: 'close' },
  outDir: 'bench/out/soak-1',
};

describe('the soak report', () => {
  it('gives settings, baseline beside end, and every verdict', () => {
    const data = input();
    const md = renderSoakMarkdown(meta, data, analyseSoak(data));
    expect(md).toMatch(/^## Soak — `npm run bench:soak` \(`bench\/soak.ts --minutes 5 --rate 1`\)\n/);
    expect(md).toContain('2026-11-22 12:32. Intel Xeon (2 vCPU), 24 GB RAM, kernel 6.18; Node v22.23.3');
    expect(md).toContain('`[jobs] max_concurrent = 3`');
    expect(md).toContain('Verdict: **PASS** (11 of 11 checks).');
    expect(md).toContain('| RSS (/proc VmRSS) | 120.1 MB | 125.4 MB | +5.3 MB |');
    expect(md).toContain('| active handles (getActiveResourcesInfo) | 8 | 9 | +1 |');
    expect(md).toContain('| open fds back to their level | ✔ pass | 33 after the last job vs 33 at warm-up end (+0; margin +4) |');
    expect(md).toContain('Jobs by kind: wasm-hello 150 succeeded; container-echo 149 succeeded / 1 failed.');
    expect(md).toContain("| pending timers (ref'd or not) | 12 | 13 | +1 |");
    expect(md).toContain('Handle types that moved between the quiet samples: Timeout 3 → 4. Timers by duration that moved: 1800000 ms 0 → 1.');
    expect(md).toContain("most listeners on one emitter over the run: 3 (Socket 'close')");
  });

  it('marks a failing check and the run', () => {
    const data = input({ final: quiet({ containers: 2 }) });
    const md = renderSoakMarkdown(meta, data, analyseSoak(data));
    expect(md).toContain('Verdict: **FAIL** (10 of 11 checks).');
    expect(md).toMatch(/\| no leaked containers \| ✗ FAIL \| 2 with this Island's labels after the last job/);
  });
});
