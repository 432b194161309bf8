// The soak's Markdown section for bench/RESULTS.md: machine, date, command, settings, the figures
// at warm-up end (the run's own baseline) beside those after the last job, and every verdict.
// Pure: it formats what it is given.
import { countChanges, type SoakAnalysis, type SoakInput } from './soak-analysis';

export interface SoakMeta {
  date: string;
  command: string;
  machine: string;
  software: string;
  loadBefore: string;
  minutes: number;
  rate: number;
  warmupMinutes: number;
  sampleSeconds: number;
  concurrency: number;
  /** The job kinds of one cycle, in order. */
  mix: readonly string[];
  outcomes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Over the run: the Island's peak RSS, the CPU it used, the listener high-water mark. */
  peakRssMb: number;
  cpuSeconds: number;
  listenerPeak: { count: number; emitter: string; event: string };
  outDir: string;
}

const mb = (x: number): string => `${x.toFixed(1)} MB`;

export function renderSoakMarkdown(meta: SoakMeta, input: SoakInput, a: SoakAnalysis): string {
  const b = input.baseline;
  const f = input.final;
  const row = (name: string, base: string, end: string, change: string): string => `| ${name} | ${base} | ${end} | ${change} |`;
  const diff = (x: number, y: number, unit = ''): string => `${y - x >= 0 ? '+' : ''}${(y - x).toFixed(unit ? 1 : 0)}${unit}`;
  const moved = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>, unit = ''): string =>
    countChanges(x, y)
      .map((c) => `${c.type}${unit} ${c.baseline} → ${c.final}`)
      .join(', ');
  const handles = moved(b.resourcesByType, f.resourcesByType);
  const timers = moved(b.timersByDurationMs, f.timersByDurationMs, ' ms');
  const kinds = Object.entries(meta.outcomes)
    .map(([kind, states]) => `${kind} ${Object.entries(states).map(([s, n]) => `${n} ${s}`).join(' / ')}`)
    .join('; ');
  return [
    `## Soak — \`npm run bench:soak\` (\`bench/soak.ts --minutes ${meta.minutes} --rate ${meta.rate}\`)`,
    '',
    `${meta.date}. ${meta.machine}; ${meta.software}. Load average before the run: ${meta.loadBefore}.`,
    `Command: \`${meta.command}\`. One Island process (\`island --agent\` as bundled, real WASM and container runtimes, ` +
      `\`[jobs] max_concurrent = ${meta.concurrency}\`) against nats-server and the reference coordinator; ${meta.rate} job/s for ` +
      `${meta.minutes} min; warm-up ${meta.warmupMinutes.toFixed(2)} min excluded; samples every ${meta.sampleSeconds} s. ` +
      `Job cycle: ${meta.mix.join(', ')}.`,
    '',
    `Verdict: **${a.pass ? 'PASS' : 'FAIL'}** (${a.verdicts.filter((v) => v.status === 'pass').length} of ${a.verdicts.length} checks).`,
    '',
    '| Quiet sample (no job running) | At warm-up end (baseline, same run) | After the last job | Change |',
    '|---|---|---|---|',
    row('RSS (/proc VmRSS)', mb(b.rssMb), mb(f.rssMb), diff(b.rssMb, f.rssMb, ' MB')),
    row('heapUsed (after a forced GC)', mb(b.heapUsedMb), mb(f.heapUsedMb), diff(b.heapUsedMb, f.heapUsedMb, ' MB')),
    row('open fds', String(b.fds), String(f.fds), diff(b.fds, f.fds)),
    row('active handles (getActiveResourcesInfo)', String(b.activeResources), String(f.activeResources), diff(b.activeResources, f.activeResources)),
    row("pending timers (ref'd or not)", String(b.pendingTimers), String(f.pendingTimers), diff(b.pendingTimers, f.pendingTimers)),
    row('threads', String(b.threads), String(f.threads), diff(b.threads, f.threads)),
    row("containers with this Island's labels", String(b.containers), String(f.containers), diff(b.containers, f.containers)),
    '',
    '| Check | Result | Figures |',
    '|---|---|---|',
    ...a.verdicts.map((v) => `| ${v.check} | ${v.status === 'pass' ? '✔ pass' : '✗ FAIL'} | ${v.figures} |`),
    '',
    `Jobs by kind: ${kinds}.`,
    `Peak RSS ${mb(meta.peakRssMb)}; Island CPU ${meta.cpuSeconds.toFixed(1)} s over the run; most listeners on one emitter over the run: ` +
      `${meta.listenerPeak.count} (${meta.listenerPeak.emitter} '${meta.listenerPeak.event}').` +
      (handles ? ` Handle types that moved between the quiet samples: ${handles}.` : '') +
      (timers ? ` Timers by duration that moved: ${timers}.` : ''),
    `Raw samples: \`${meta.outDir}\`.`,
    '',
  ].join('\n');
}
