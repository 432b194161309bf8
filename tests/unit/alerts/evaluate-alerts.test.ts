import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_THRESHOLDS as T,
  evaluateAlerts,
  likelyIdleReasons,
  nextStreak,
  NO_STREAK,
  type AlertMemory,
  type AlertReadings,
} from '../../../src-shared/domain/alerts/index';

const H = 3_600_000;
const GIB = 1024 ** 3;

function readings(over: Partial<AlertReadings> = {}): AlertReadings {
  return {
    now: 10 * H,
    disconnectedSince: null,
    offeringSince: null,
    lastJobAt: null,
    failureStreak: 0,
    lastFailure: null,
    update: null,
    disk: { freeBytes: 500 * GIB, totalBytes: 1000 * GIB },
    hints: { pricesAboveMarket: [], runtimesUnavailable: [], noRuntimeOffered: false, karma: null },
    ...over,
  };
}

/** Runs a sequence of readings through the evaluator, as the agent does, returning the kinds fired at each step. */
function run(steps: AlertReadings[]): string[][] {
  let memory: AlertMemory = {};
  return steps.map((r) => {
    const e = evaluateAlerts(memory, r, T);
    memory = e.memory;
    return e.alerts.map((a) => a.kind);
  });
}

describe('evaluateAlerts', () => {
  it('fires nothing for a healthy Island and has no timer pending', () => {
    const e = evaluateAlerts({}, readings(), T);
    expect(e.alerts).toEqual([]);
    expect(e.nextCheckAt).toBeNull();
  });

  it('offline: only after the coordinator was unreachable for offlineAfterMs, once per outage, and again for a new outage', () => {
    const since = 10 * H;
    const fired = run([
      readings({ now: since + 1_000, disconnectedSince: since }),
      readings({ now: since + T.offlineAfterMs, disconnectedSince: since }),
      readings({ now: since + T.offlineAfterMs + 60_000, disconnectedSince: since }),
      readings({ now: since + 2 * T.offlineAfterMs, disconnectedSince: null }),
      readings({ now: since + 4 * T.offlineAfterMs, disconnectedSince: since + 3 * T.offlineAfterMs }),
    ]);
    expect(fired).toEqual([[], ['offline'], [], [], ['offline']]);
  });

  it('arms the next check at the moment the offline alert would be due', () => {
    const since = 10 * H;
    const e = evaluateAlerts({}, readings({ now: since + 1_000, disconnectedSince: since }), T);
    expect(e.nextCheckAt).toBe(since + T.offlineAfterMs);
    const alert = evaluateAlerts({}, readings({ now: since + 7 * 60_000, disconnectedSince: since }), T).alerts[0]!;
    expect(alert).toMatchObject({ kind: 'offline', severity: 'warning', title: 'Island went offline' });
    expect(alert.message).toContain('7 min');
  });

  it('failed streak: fires at the threshold, not again while it grows, and again after a success ends it', () => {
    let s = NO_STREAK;
    const seq: AlertReadings[] = [];
    for (const outcome of ['failed', 'failed', 'cancelled', 'failed', 'failed', 'succeeded', 'failed', 'failed', 'failed'] as const) {
      s = nextStreak(s, outcome, outcome === 'failed' ? 'image not allowed' : undefined);
      seq.push(readings({ failureStreak: s.count, lastFailure: s.lastError }));
    }
    expect(run(seq)).toEqual([[], [], [], ['failed-streak'], [], [], [], [], ['failed-streak']]);
    const alert = evaluateAlerts({}, seq[3]!, T).alerts[0]!;
    expect(alert.title).toBe('3 jobs failed in a row');
    expect(alert.message).toContain('image not allowed');
  });

  it('no jobs: after noJobsAfterMs online without a job, counted from the later of going online and the last job', () => {
    const on = 1 * H;
    expect(evaluateAlerts({}, readings({ now: on + H, offeringSince: on }), T).nextCheckAt).toBe(on + 2 * H);
    expect(evaluateAlerts({}, readings({ now: on + 3 * H, offeringSince: on, lastJobAt: on + 2 * H }), T)).toMatchObject({ alerts: [], nextCheckAt: on + 4 * H });
    const fired = run([
      readings({ now: on + 2 * H, offeringSince: on }),
      readings({ now: on + 3 * H, offeringSince: on }),
      readings({ now: on + 3 * H + 1, offeringSince: on, lastJobAt: on + 3 * H }),
      readings({ now: on + 5 * H + 1, offeringSince: on, lastJobAt: on + 3 * H }),
    ]);
    expect(fired).toEqual([['no-jobs'], [], [], ['no-jobs']]);
  });

  it('no jobs: never while paused or offline (nothing offered), and names the likely reasons', () => {
    expect(evaluateAlerts({}, readings({ now: 20 * H, offeringSince: null }), T).alerts).toEqual([]);
    const alert = evaluateAlerts(
      {},
      readings({
        now: 20 * H,
        offeringSince: 1 * H,
        hints: { pricesAboveMarket: [{ slug: 'llm-chat', asking: 2, market: 1.2 }], runtimesUnavailable: [{ runtime: 'container', reason: 'Docker is not running' }], noRuntimeOffered: false, karma: 3 },
      }),
      T,
    ).alerts[0]!;
    expect(alert.kind).toBe('no-jobs');
    expect(alert.message).toContain('llm-chat asks 2 vs market 1.2');
    expect(alert.message).toContain('runtime container is unavailable (Docker is not running)');
    expect(alert.message).toContain('karma is low (3');
  });

  it('update ready: once per version', () => {
    const fired = run([
      readings({ update: { version: '0.6.0', critical: false } }),
      readings({ update: { version: '0.6.0', critical: false } }),
      readings({ update: { version: '0.6.1', critical: true } }),
    ]);
    expect(fired).toEqual([['update-ready'], [], ['update-ready']]);
    expect(evaluateAlerts({}, readings({ update: { version: '0.6.1', critical: true } }), T).alerts[0]).toMatchObject({ severity: 'warning', title: 'Critical update ready' });
  });

  it('disk low: below 5 GB or 5 %, once, and clears only above the margin (no flapping at the edge)', () => {
    const disk = (freeGb: number, totalGb = 1000) => readings({ disk: { freeBytes: freeGb * GIB, totalBytes: totalGb * GIB } });
    // 1000 GB disk: 5 % is 50 GB, so that limit bites first; the margin clears at 60 GB.
    const fired = run([disk(100), disk(49), disk(30), disk(51), disk(55), disk(61), disk(49)]);
    expect(fired).toEqual([[], ['disk-low'], [], [], [], [], ['disk-low']]);
    // A small disk: 4 GB free of 40 GB is 10 %, but under 5 GB.
    expect(evaluateAlerts({}, disk(4, 40), T).alerts.map((a) => a.kind)).toEqual(['disk-low']);
    expect(evaluateAlerts({}, disk(4, 40), T).alerts[0]!.message).toContain('4.0 GB free (10.0 %)');
  });

  it('several kinds at once fire together, each once', () => {
    const r = readings({ now: 10 * H, disconnectedSince: 9 * H, failureStreak: 5, update: { version: '1.0.0', critical: false }, disk: { freeBytes: GIB, totalBytes: 100 * GIB } });
    expect(run([r, r])).toEqual([['offline', 'failed-streak', 'update-ready', 'disk-low'], []]);
  });
});

describe('likelyIdleReasons', () => {
  it('lists the missing runtime first, then the prices furthest above market, then karma', () => {
    const reasons = likelyIdleReasons(
      {
        noRuntimeOffered: true,
        runtimesUnavailable: [],
        pricesAboveMarket: [
          { slug: 'a', asking: 1.1, market: 1 },
          { slug: 'b', asking: 3, market: 1 },
          { slug: 'c', asking: 2, market: 1 },
          { slug: 'd', asking: 1.5, market: 1 },
        ],
        karma: 50,
      },
      10,
    );
    expect(reasons).toEqual(['no runtime can take jobs now', 'asking price above the market rate (b asks 3 vs market 1, c asks 2 vs market 1, d asks 1.5 vs market 1 and 1 more)']);
  });
});
