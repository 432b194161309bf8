// The soak's verdicts, from its samples alone (pure: no clock, no I/O, so the unit tests can feed
// it synthetic leaks). Memory: the least-squares slope over the second half of the run, and the
// last quarter's mean against the second quarter's, both after the warm-up. Handles, timers, fds, threads
// and containers: the quiet level after the last job against the quiet level at warm-up end (both
// taken with no job running). Jobs: every one exactly one terminal state, as its kind expects.

export interface SeriesPoint {
  /** Milliseconds since the first job was dispatched. */
  tMs: number;
  value: number;
}

export interface RunTimeline {
  /** From the first dispatch to the last. */
  durationMs: number;
  /** Excluded from every memory figure: caches fill, code paths run for the first time. */
  warmupMs: number;
}

/** A sample taken with no job running, after the Island has settled. */
export interface QuietSample {
  fds: number;
  threads: number;
  /** process.getActiveResourcesInfo().length inside the Island. */
  activeResources: number;
  resourcesByType: Readonly<Record<string, number>>;
  /** Every pending timer, ref'd or not (getActiveResourcesInfo counts only the ref'd ones). */
  pendingTimers: number;
  timersByDurationMs: Readonly<Record<string, number>>;
  /** Containers carrying this Island's instance label. */
  containers: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface JobTally {
  dispatched: number;
  /** Jobs with no terminal state by the end (ids). */
  notTerminal: readonly string[];
  /** Jobs the coordinator saw more than one terminal status for (ids). */
  repeatedTerminal: readonly string[];
  /** The reference coordinator's protocol violations (coord.violations). */
  violations: number;
  /** Jobs that ended otherwise than their kind expects. */
  unexpected: ReadonlyArray<{ jobId: string; kind: string; expected: string; got: string }>;
}

export interface SoakInput {
  timeline: RunTimeline;
  /** VmRSS of the Island, from /proc. */
  rssMb: readonly SeriesPoint[];
  /** heapUsed after a forced GC, inside the Island. */
  heapUsedMb: readonly SeriesPoint[];
  /** Highest listener count one EventEmitter reached in each sampling window. */
  listenerHighWater: readonly SeriesPoint[];
  baseline: QuietSample;
  final: QuietSample;
  /** MaxListenersExceededWarning: counted by the Island's own 'warning' listener and in its output. */
  maxListenerWarnings: { inProcess: number; inOutput: number };
  jobs: JobTally;
  /**
   * Most containers the label filter counted while a container job was known to run: 0 would mean
   * the filter matches nothing, and "0 left" would prove nothing. null: the mix ran no container
   * job that could be caught running (`--mix wasm`).
   */
  containersSeenRunning: number | null;
  /** How the Island ended on SIGTERM after the run. */
  stop: { exitCode: number | null; signal: string | null };
}

export interface Thresholds {
  /** 4 MB/h of heap is ~1 KB kept per job at 1 job/s: anything above is a leak worth chasing. */
  heapSlopeMbPerHour: number;
  /** What a forced-GC heapUsed moves between samples with nothing leaking (measured ≤ 0.5 MB). */
  heapNoiseMb: number;
  /** RSS also carries malloc arenas, worker stacks and V8's page pools, which move in steps. */
  rssSlopeMbPerHour: number;
  /** Steps of up to 9 MB between two samples were seen in 5-minute runs with nothing leaking. */
  rssNoiseMb: number;
  fdMargin: number;
  resourceMargin: number;
  /** Some timers live a fixed time after the last job (up to 6 of 60 s were seen): a per-job leak is hundreds. */
  timerMargin: number;
  threadMargin: number;
  listenerMargin: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  heapSlopeMbPerHour: 4,
  heapNoiseMb: 1.5,
  rssSlopeMbPerHour: 20,
  rssNoiseMb: 12,
  fdMargin: 4,
  resourceMargin: 4,
  timerMargin: 8,
  threadMargin: 2,
  listenerMargin: 2,
};

export type Verdict = { check: string; status: 'pass' | 'fail'; figures: string };

export interface Window {
  fromMs: number;
  toMs: number;
}

export interface Windows {
  /** The second half of the run (never earlier than the warm-up's end). */
  slope: Window;
  secondQuarter: Window;
  lastQuarter: Window;
}

export function analysisWindows(t: RunTimeline): Windows {
  const d = t.durationMs;
  const after = (ms: number): number => Math.max(ms, t.warmupMs);
  return {
    slope: { fromMs: after(d / 2), toMs: d },
    secondQuarter: { fromMs: after(d / 4), toMs: Math.max(after(d / 4), d / 2) },
    lastQuarter: { fromMs: after((3 * d) / 4), toMs: d },
  };
}

export function within(points: readonly SeriesPoint[], w: Window): SeriesPoint[] {
  return points.filter((p) => p.tMs >= w.fromMs && p.tMs <= w.toMs);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Ordinary least squares of value over time; null without two distinct times. */
export function leastSquaresPerHour(points: readonly SeriesPoint[]): { slopePerHour: number; n: number } | null {
  if (points.length < 2) return null;
  const hours = points.map((p) => p.tMs / 3_600_000);
  const mx = mean(hours);
  const my = mean(points.map((p) => p.value));
  let sxx = 0;
  let sxy = 0;
  points.forEach((p, i) => {
    const dx = hours[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (p.value - my);
  });
  return sxx === 0 ? null : { slopePerHour: sxy / sxx, n: points.length };
}

export interface MemoryFigures {
  slopePerHour: number;
  /** The fitted growth across the slope window: what a short run can resolve at all. */
  growthInWindow: number;
  secondQuarterMean: number;
  lastQuarterMean: number;
  samples: number;
}

export function memoryFigures(points: readonly SeriesPoint[], w: Windows): MemoryFigures | null {
  const fit = leastSquaresPerHour(within(points, w.slope));
  const q2 = within(points, w.secondQuarter).map((p) => p.value);
  const q4 = within(points, w.lastQuarter).map((p) => p.value);
  if (!fit || q2.length === 0 || q4.length === 0) return null;
  return {
    slopePerHour: fit.slopePerHour,
    growthInWindow: (fit.slopePerHour * (w.slope.toMs - w.slope.fromMs)) / 3_600_000,
    secondQuarterMean: mean(q2),
    lastQuarterMean: mean(q4),
    samples: fit.n,
  };
}

const f1 = (x: number): string => x.toFixed(1);
const signed = (x: number, digits = 1): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/**
 * Flat when the slope is under the limit, or when the whole fitted growth across the window is
 * within the sampling noise (a short run cannot tell a slope from noise: the figures say which).
 * The quarter means must agree the same way, over the time between the quarters' middles.
 */
export function memoryVerdict(name: string, fig: MemoryFigures | null, w: Windows, limitPerHour: number, noiseMb: number): Verdict {
  const check = `${name} flat`;
  if (!fig) return { check, status: 'fail', figures: 'too few samples after the warm-up to fit a slope (run longer or sample more often)' };
  const slopeOk = fig.slopePerHour <= limitPerHour || Math.abs(fig.growthInWindow) <= noiseMb;
  const mid = (x: Window): number => (x.fromMs + x.toMs) / 2;
  const quarterHours = (mid(w.lastQuarter) - mid(w.secondQuarter)) / 3_600_000;
  const delta = fig.lastQuarterMean - fig.secondQuarterMean;
  const quarterOk = delta <= Math.max(noiseMb, limitPerHour * quarterHours);
  const slopeNote =
    fig.slopePerHour <= limitPerHour ? `≤ ${limitPerHour} MB/h` : Math.abs(fig.growthInWindow) <= noiseMb ? `over ${limitPerHour} MB/h, but the window's fitted growth ${signed(fig.growthInWindow, 2)} MB is within the ${noiseMb} MB noise: run longer to resolve it` : `> ${limitPerHour} MB/h`;
  return {
    check,
    status: slopeOk && quarterOk ? 'pass' : 'fail',
    figures:
      `slope ${signed(fig.slopePerHour, 2)} MB/h over the second half (${fig.samples} samples; ${slopeNote}); ` +
      `last quarter ${f1(fig.lastQuarterMean)} MB vs second quarter ${f1(fig.secondQuarterMean)} MB (${signed(delta, 2)} MB)`,
  };
}

export function levelVerdict(check: string, baseline: number, final: number, margin: number, unit = ''): Verdict {
  return {
    check,
    status: final <= baseline + margin ? 'pass' : 'fail',
    figures: `${final}${unit} after the last job vs ${baseline}${unit} at warm-up end (${signed(final - baseline, 0)}; margin +${margin})`,
  };
}

export function containerVerdict(input: SoakInput): Verdict {
  const { baseline: b, final: f, containersSeenRunning: seen } = input;
  const left = `${f.containers} with this Island's labels after the last job (${b.containers} at warm-up end); `;
  if (seen === null) return { check: 'no leaked containers', status: f.containers === 0 ? 'pass' : 'fail', figures: `${left}no container job in this mix` };
  return {
    check: 'no leaked containers',
    status: f.containers === 0 && seen > 0 ? 'pass' : 'fail',
    figures: left + (seen > 0 ? `the same filter saw up to ${seen} while cancel jobs ran` : 'the label filter never saw a running container, so it proves nothing'),
  };
}

export function listenerVerdict(input: SoakInput, w: Windows, margin: number): Verdict {
  const q2 = within(input.listenerHighWater, w.secondQuarter).map((p) => p.value);
  const q4 = within(input.listenerHighWater, w.lastQuarter).map((p) => p.value);
  const warned = input.maxListenerWarnings.inProcess + input.maxListenerWarnings.inOutput;
  if (q2.length === 0 || q4.length === 0) return { check: 'no listener build-up', status: 'fail', figures: 'no listener samples in the second or last quarter' };
  const early = Math.max(...q2);
  const late = Math.max(...q4);
  return {
    check: 'no listener build-up',
    status: warned === 0 && late <= early + margin ? 'pass' : 'fail',
    figures:
      `most listeners on one emitter: ${late} in the last quarter vs ${early} in the second (margin +${margin}); ` +
      `MaxListenersExceededWarning: ${input.maxListenerWarnings.inProcess} seen in-process, ${input.maxListenerWarnings.inOutput} in the output`,
  };
}

export function jobsVerdicts(jobs: JobTally): Verdict[] {
  const list = (ids: readonly string[]): string => (ids.length ? `: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}` : '');
  const terminalOk = jobs.notTerminal.length === 0 && jobs.repeatedTerminal.length === 0 && jobs.violations === 0;
  const unexpected = jobs.unexpected.slice(0, 5).map((u) => `${u.jobId} (${u.kind}) ${u.got}, expected ${u.expected}`);
  return [
    {
      check: 'every job exactly one terminal state',
      status: terminalOk && jobs.dispatched > 0 ? 'pass' : 'fail',
      figures: `${jobs.dispatched} dispatched; ${jobs.notTerminal.length} without a terminal state${list(jobs.notTerminal)}; ${jobs.repeatedTerminal.length} with more than one${list(jobs.repeatedTerminal)}; ${jobs.violations} protocol violations`,
    },
    {
      check: 'every job ended as its kind expects',
      status: jobs.unexpected.length === 0 ? 'pass' : 'fail',
      figures: jobs.unexpected.length === 0 ? `${jobs.dispatched} of ${jobs.dispatched}` : `${jobs.unexpected.length} did not${unexpected.length ? `: ${unexpected.join('; ')}` : ''}`,
    },
  ];
}

export interface SoakAnalysis {
  windows: Windows;
  rss: MemoryFigures | null;
  heapUsed: MemoryFigures | null;
  verdicts: Verdict[];
  pass: boolean;
}

export function analyseSoak(input: SoakInput, t: Thresholds = DEFAULT_THRESHOLDS): SoakAnalysis {
  const windows = analysisWindows(input.timeline);
  const rss = memoryFigures(input.rssMb, windows);
  const heapUsed = memoryFigures(input.heapUsedMb, windows);
  const { baseline: b, final: f } = input;
  const verdicts: Verdict[] = [
    memoryVerdict('RSS', rss, windows, t.rssSlopeMbPerHour, t.rssNoiseMb),
    memoryVerdict('heapUsed', heapUsed, windows, t.heapSlopeMbPerHour, t.heapNoiseMb),
    containerVerdict(input),
    levelVerdict('open fds back to their level', b.fds, f.fds, t.fdMargin),
    levelVerdict('active handles back to their level', b.activeResources, f.activeResources, t.resourceMargin),
    levelVerdict("pending timers (ref'd or not) back to their level", b.pendingTimers, f.pendingTimers, t.timerMargin),
    levelVerdict('threads back to their level', b.threads, f.threads, t.threadMargin),
    listenerVerdict(input, windows, t.listenerMargin),
    ...jobsVerdicts(input.jobs),
    {
      check: 'clean stop',
      status: input.stop.exitCode === 0 ? 'pass' : 'fail',
      figures: input.stop.exitCode === 0 ? 'exit 0 on SIGTERM' : `exit code ${input.stop.exitCode ?? 'none'}${input.stop.signal ? `, signal ${input.stop.signal}` : ''} on SIGTERM`,
    },
  ];
  return { windows, rss, heapUsed, verdicts, pass: verdicts.every((v) => v.status === 'pass') };
}

/** Keys whose count moved between the two quiet samples (handle types, timer durations), for the report. */
export function countChanges(b: Readonly<Record<string, number>>, f: Readonly<Record<string, number>>): Array<{ type: string; baseline: number; final: number }> {
  const types = [...new Set([...Object.keys(b), ...Object.keys(f)])].sort();
  return types.map((type) => ({ type, baseline: b[type] ?? 0, final: f[type] ?? 0 })).filter((c) => c.baseline !== c.final);
}
