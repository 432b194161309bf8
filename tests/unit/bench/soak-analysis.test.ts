// The soak's verdicts on synthetic runs: a flat Island passes, each kind of leak fails with the
// figure that shows it, and a run too short to resolve a slope says so instead of guessing.
import { describe, expect, it } from 'vitest';
import {
  analyseSoak,
  analysisWindows,
  containerVerdict,
  jobsVerdicts,
  leastSquaresPerHour,
  levelVerdict,
  listenerVerdict,
  memoryFigures,
  memoryVerdict,
  countChanges,
  type QuietSample,
  type SeriesPoint,
  type SoakInput,
} from '../../../bench/lib/soak-analysis';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Points every `stepMs` from 0 to `toMs` inclusive, valued by `f(tMs)`. */
function series(toMs: number, stepMs: number, f: (tMs: number) => number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (let t = 0; t <= toMs; t += stepMs) out.push({ tMs: t, value: f(t) });
  return out;
}

/** Deterministic ±amplitude wobble (no Math.random: the tests must not flake). */
const wobble = (t: number, amplitude: number): number => amplitude * Math.sin(t / 7_919);

const quiet = (over: Partial<QuietSample> = {}): QuietSample => ({
  fds: 33,
  threads: 12,
  activeResources: 8,
  resourcesByType: { Timeout: 3, PipeWrap: 2, TCPSocketWrap: 1, TCPServerWrap: 1, MessagePort: 1 },
  pendingTimers: 14,
  timersByDurationMs: { '10000': 1, '30000': 2, '60000': 11 },
  containers: 0,
  rssMb: 120,
  heapUsedMb: 28,
  ...over,
});

function healthyHour(over: Partial<SoakInput> = {}): SoakInput {
  return {
    timeline: { durationMs: HOUR, warmupMs: 5 * MIN },
    rssMb: series(HOUR, 5_000, (t) => 125 + wobble(t, 3)),
    heapUsedMb: series(HOUR, 5_000, (t) => 28 + wobble(t, 0.3)),
    listenerHighWater: series(HOUR, 5_000, (t) => 3 + (Math.round(t / 5_000) % 2)),
    baseline: quiet(),
    final: quiet({ fds: 34, rssMb: 126, heapUsedMb: 28.2 }),
    maxListenerWarnings: { inProcess: 0, inOutput: 0 },
    jobs: { dispatched: 3600, notTerminal: [], repeatedTerminal: [], violations: 0, unexpected: [] },
    containersSeenRunning: 1,
    stop: { exitCode: 0, signal: null },
    ...over,
  };
}

describe('least squares', () => {
  it('finds the exact slope of a straight line, per hour', () => {
    const fit = leastSquaresPerHour(series(30 * MIN, 10_000, (t) => 10 + (2 * t) / HOUR));
    expect(fit?.n).toBe(181);
    expect(fit?.slopePerHour).toBeCloseTo(2, 9);
  });

  it('is flat for a constant and null without two distinct times', () => {
    expect(leastSquaresPerHour(series(MIN, 1_000, () => 7))?.slopePerHour).toBeCloseTo(0, 12);
    expect(leastSquaresPerHour([{ tMs: 5, value: 1 }])).toBeNull();
    expect(leastSquaresPerHour([{ tMs: 5, value: 1 }, { tMs: 5, value: 3 }])).toBeNull();
  });
});

describe('analysis windows', () => {
  it('an hour with a 5-minute warm-up: slope over 30–60 min, quarters 15–30 and 45–60', () => {
    expect(analysisWindows({ durationMs: HOUR, warmupMs: 5 * MIN })).toEqual({
      slope: { fromMs: 30 * MIN, toMs: HOUR },
      secondQuarter: { fromMs: 15 * MIN, toMs: 30 * MIN },
      lastQuarter: { fromMs: 45 * MIN, toMs: HOUR },
    });
  });

  it('never starts a window inside the warm-up', () => {
    const w = analysisWindows({ durationMs: 45_000, warmupMs: 16_000 });
    expect(w.secondQuarter).toEqual({ fromMs: 16_000, toMs: 22_500 });
    expect(w.slope.fromMs).toBe(22_500);
    expect(w.lastQuarter.fromMs).toBe(33_750);
  });
});

describe('memory verdicts', () => {
  const w = analysisWindows({ durationMs: HOUR, warmupMs: 5 * MIN });

  it('passes a flat heap with noise, with its slope and quarter means in the figures', () => {
    const fig = memoryFigures(series(HOUR, 5_000, (t) => 28 + wobble(t, 0.3)), w);
    expect(Math.abs(fig!.slopePerHour)).toBeLessThan(0.5);
    const v = memoryVerdict('heapUsed', fig, w, 4, 1.5);
    expect(v.status).toBe('pass');
    expect(v.figures).toMatch(/^slope [+-]0\.\d\d MB\/h over the second half \(361 samples; ≤ 4 MB\/h\); last quarter 28\.0 MB vs second quarter 28\.0 MB/);
  });

  it('fails a heap that keeps 10 MB an hour, and the figures show the slope', () => {
    const fig = memoryFigures(series(HOUR, 5_000, (t) => 28 + (10 * t) / HOUR + wobble(t, 0.3)), w);
    const v = memoryVerdict('heapUsed', fig, w, 4, 1.5);
    expect(fig!.slopePerHour).toBeCloseTo(10, 0);
    expect(v).toMatchObject({ check: 'heapUsed flat', status: 'fail' });
    expect(v.figures).toMatch(/slope \+(9|10)\.\d\d MB\/h .*> 4 MB\/h/);
  });

  it('catches a jump before the slope window by the quarter means', () => {
    // Flat over the second half, but 20 MB higher than in the second quarter: the slope alone misses it.
    const fig = memoryFigures(series(HOUR, 5_000, (t) => (t < 29 * MIN ? 100 : 120)), w);
    expect(fig!.slopePerHour).toBeCloseTo(0, 6);
    const v = memoryVerdict('RSS', fig, w, 20, 12);
    expect(v.status).toBe('fail');
    expect(v.figures).toContain('last quarter 120.0 MB vs second quarter 101.4 MB (+18.56 MB)');
  });

  it('says a short run cannot resolve its slope when the growth is within noise', () => {
    const short = analysisWindows({ durationMs: 45_000, warmupMs: 10_000 });
    // 0.5 MB over 45 s extrapolates to 40 MB/h, but is a quarter of a megabyte across the window.
    const fig = memoryFigures(series(45_000, 1_000, (t) => 28 + (0.5 * t) / 45_000), short);
    const v = memoryVerdict('heapUsed', fig, short, 4, 1.5);
    expect(fig!.slopePerHour).toBeCloseTo(40, 6);
    expect(fig!.growthInWindow).toBeCloseTo(0.25, 6);
    expect(v.status).toBe('pass');
    expect(v.figures).toContain('is within the 1.5 MB noise: run longer to resolve it');
  });

  it('fails a short run whose growth is beyond the noise', () => {
    const short = analysisWindows({ durationMs: 45_000, warmupMs: 10_000 });
    const fig = memoryFigures(series(45_000, 1_000, (t) => 28 + (5 * t) / 45_000), short);
    expect(memoryVerdict('heapUsed', fig, short, 4, 1.5).status).toBe('fail');
  });

  it('fails, and says why, with too few samples after the warm-up', () => {
    const v = memoryVerdict('RSS', memoryFigures([{ tMs: 59 * MIN, value: 1 }], w), w, 20, 12);
    expect(v).toEqual({ check: 'RSS flat', status: 'fail', figures: expect.stringMatching(/too few samples after the warm-up/) });
  });
});

describe('levels, containers, listeners', () => {
  it('a level within its margin passes; one beyond fails, with both figures', () => {
    expect(levelVerdict('open fds back to their level', 33, 37, 4)).toEqual({
      check: 'open fds back to their level',
      status: 'pass',
      figures: '37 after the last job vs 33 at warm-up end (+4; margin +4)',
    });
    expect(levelVerdict('open fds back to their level', 33, 38, 4).status).toBe('fail');
    expect(levelVerdict('threads back to their level', 12, 9, 2).status).toBe('pass');
  });

  it('a container left behind fails; so does a label filter that never saw one running', () => {
    expect(containerVerdict(healthyHour()).status).toBe('pass');
    const left = containerVerdict(healthyHour({ final: quiet({ containers: 1 }) }));
    expect(left.status).toBe('fail');
    expect(left.figures).toMatch(/^1 with this Island's labels after the last job/);
    const blind = containerVerdict(healthyHour({ containersSeenRunning: 0 }));
    expect(blind).toMatchObject({ status: 'fail', figures: expect.stringContaining('never saw a running container') });
    expect(containerVerdict(healthyHour({ containersSeenRunning: null }))).toMatchObject({ status: 'pass', figures: expect.stringContaining('no container job in this mix') });
  });

  it('listeners that keep climbing fail; so does any MaxListenersExceededWarning', () => {
    const w = analysisWindows({ durationMs: HOUR, warmupMs: 5 * MIN });
    expect(listenerVerdict(healthyHour(), w, 2).status).toBe('pass');
    const climbing = listenerVerdict(healthyHour({ listenerHighWater: series(HOUR, 5_000, (t) => 3 + Math.floor(t / MIN)) }), w, 2);
    expect(climbing.status).toBe('fail');
    expect(climbing.figures).toMatch(/^most listeners on one emitter: 63 in the last quarter vs 33 in the second/);
    const warned = listenerVerdict(healthyHour({ maxListenerWarnings: { inProcess: 0, inOutput: 1 } }), w, 2);
    expect(warned).toMatchObject({ status: 'fail', figures: expect.stringContaining('0 seen in-process, 1 in the output') });
  });

  it('lists the handle types (or timer durations) that moved between the quiet samples', () => {
    const moved = countChanges(quiet().resourcesByType, { Timeout: 5, PipeWrap: 2, TCPSocketWrap: 1, TCPServerWrap: 1, FSReqCallback: 1 });
    expect(moved).toEqual([
      { type: 'FSReqCallback', baseline: 0, final: 1 },
      { type: 'MessagePort', baseline: 1, final: 0 },
      { type: 'Timeout', baseline: 3, final: 5 },
    ]);
  });
});

describe('job verdicts', () => {
  const ok = { dispatched: 10, notTerminal: [], repeatedTerminal: [], violations: 0, unexpected: [] };

  it('passes when every job ended once, as expected', () => {
    expect(jobsVerdicts(ok).map((v) => v.status)).toEqual(['pass', 'pass']);
  });

  it('names the jobs with no terminal state or more than one, and counts violations', () => {
    const [terminal] = jobsVerdicts({ ...ok, notTerminal: ['j-1'], repeatedTerminal: ['j-2'], violations: 3 });
    expect(terminal).toEqual({
      check: 'every job exactly one terminal state',
      status: 'fail',
      figures: '10 dispatched; 1 without a terminal state: j-1; 1 with more than one: j-2; 3 protocol violations',
    });
    expect(jobsVerdicts({ ...ok, violations: 1 })[0]!.status).toBe('fail');
    expect(jobsVerdicts({ ...ok, dispatched: 0 })[0]!.status).toBe('fail');
  });

  it('names a job that ended otherwise than its kind expects', () => {
    const [, outcome] = jobsVerdicts({ ...ok, unexpected: [{ jobId: 'j-3', kind: 'container-cancel', expected: 'cancelled', got: 'failed' }] });
    expect(outcome).toMatchObject({ status: 'fail', figures: '1 did not: j-3 (container-cancel) failed, expected cancelled' });
  });
});

describe('the whole soak', () => {
  it('a healthy hour passes every check', () => {
    const a = analyseSoak(healthyHour());
    expect(a.verdicts.filter((v) => v.status === 'fail')).toEqual([]);
    expect(a.verdicts.map((v) => v.check)).toEqual([
      'RSS flat',
      'heapUsed flat',
      'no leaked containers',
      'open fds back to their level',
      'active handles back to their level',
      "pending timers (ref'd or not) back to their level",
      'threads back to their level',
      'no listener build-up',
      'every job exactly one terminal state',
      'every job ended as its kind expects',
      'clean stop',
    ]);
    expect(a.pass).toBe(true);
  });

  it('one leak fails the run: fds that did not come back', () => {
    const a = analyseSoak(healthyHour({ final: quiet({ fds: 60 }) }));
    expect(a.pass).toBe(false);
    expect(a.verdicts.filter((v) => v.status === 'fail').map((v) => v.check)).toEqual(['open fds back to their level']);
  });

  it("one leak fails the run: unref'd timers piling up, which getActiveResourcesInfo does not see", () => {
    const a = analyseSoak(healthyHour({ final: quiet({ pendingTimers: 90, timersByDurationMs: { '10000': 1, '30000': 2, '60000': 11, '1800000': 76 } }) }));
    expect(a.verdicts.filter((v) => v.status === 'fail')).toEqual([
      { check: "pending timers (ref'd or not) back to their level", status: 'fail', figures: '90 after the last job vs 14 at warm-up end (+76; margin +8)' },
    ]);
  });

  it('an Island that did not exit 0 on SIGTERM fails the run', () => {
    const a = analyseSoak(healthyHour({ stop: { exitCode: null, signal: 'SIGKILL' } }));
    expect(a.verdicts.at(-1)).toEqual({ check: 'clean stop', status: 'fail', figures: 'exit code none, signal SIGKILL on SIGTERM' });
  });
});
