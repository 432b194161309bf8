import { describe, expect, it } from 'vitest';
import {
  applyPenalty,
  creditSuccess,
  DOCS_KARMA_RULES,
  isMonetizationUnlocked,
  NEW_ISLAND_KARMA,
  successRate,
  type KarmaState,
} from '../../harness/coordinator/karma';

const at = (karma: number, pendingMinutes = 0): KarmaState => ({ ...NEW_ISLAND_KARMA, karma, pendingMinutes });

describe('karma (docs model, product.md §2.2)', () => {
  it('starts new Islands at 0 with nothing pending', () => {
    expect(NEW_ISLAND_KARMA).toEqual({ karma: 0, pendingMinutes: 0, completedJobs: 0, failedJobs: 0, timedOutJobs: 0 });
    expect(isMonetizationUnlocked(NEW_ISLAND_KARMA)).toBe(false);
  });

  it("reproduces the docs' worked example", () => {
    // 25-min job → 37 effective minutes (1.5× recovery, floored)
    const a = creditSuccess(NEW_ISLAND_KARMA, 25);
    expect(a).toMatchObject({ effectiveMinutes: 37, delta: 0 });
    expect(a.state).toMatchObject({ karma: 0, pendingMinutes: 37 });
    // 20-min → 30; pending 67 → +1, remainder 7
    const b = creditSuccess(a.state, 20);
    expect(b).toMatchObject({ effectiveMinutes: 30, delta: 1 });
    expect(b.state).toMatchObject({ karma: 1, pendingMinutes: 7 });
    // 45-min → 67; pending 74 → +1, remainder 14
    const c = creditSuccess(b.state, 45);
    expect(c).toMatchObject({ effectiveMinutes: 67, delta: 1 });
    expect(c.state).toMatchObject({ karma: 2, pendingMinutes: 14, completedJobs: 3 });
    // after reaching 10, a 30-min job counts 30
    const d = creditSuccess(at(10), 30);
    expect(d).toMatchObject({ effectiveMinutes: 30, delta: 0 });
    expect(d.state.pendingMinutes).toBe(30);
  });

  it('earns 1 karma for 40 minutes while below 10, and needs 60 from 10 up', () => {
    expect(creditSuccess(at(0), 40).delta).toBe(1);
    expect(creditSuccess(at(9), 40).delta).toBe(1);
    expect(creditSuccess(at(10), 40).delta).toBe(0);
    expect(creditSuccess(at(10), 60).delta).toBe(1);
  });

  it('turns a long job into several points and carries the remainder', () => {
    const r = creditSuccess(at(20, 50), 135);
    expect(r.delta).toBe(3);
    expect(r.state).toMatchObject({ karma: 23, pendingMinutes: 5 });
  });

  it('decides the multiplier by the karma before the job', () => {
    // 9 karma + 59 pending: the 1.5× still applies to the job that crosses 10
    const r = creditSuccess(at(9, 59), 20);
    expect(r.effectiveMinutes).toBe(30);
    expect(r.state).toMatchObject({ karma: 10, pendingMinutes: 29 });
    expect(isMonetizationUnlocked(r.state)).toBe(true);
  });

  it('rejects negative or non-finite durations', () => {
    expect(() => creditSuccess(NEW_ISLAND_KARMA, -1)).toThrow(RangeError);
    expect(() => creditSuccess(NEW_ISLAND_KARMA, Number.NaN)).toThrow(RangeError);
  });

  it('costs 1 for a failure and 2 for a timeout, never below 0', () => {
    expect(applyPenalty(at(5), 'failure')).toMatchObject({ delta: -1, state: { karma: 4, failedJobs: 1 } });
    expect(applyPenalty(at(5), 'timeout')).toMatchObject({ delta: -2, state: { karma: 3, timedOutJobs: 1 } });
    expect(applyPenalty(at(1), 'timeout')).toMatchObject({ delta: -1, state: { karma: 0 } });
    expect(applyPenalty(at(0), 'failure')).toMatchObject({ delta: 0, state: { karma: 0, failedJobs: 1 } });
  });

  it('keeps pending minutes through a penalty', () => {
    expect(applyPenalty(at(3, 42), 'failure').state.pendingMinutes).toBe(42);
  });

  it('reports the success rate as a fraction, null before any job ended', () => {
    expect(successRate(NEW_ISLAND_KARMA)).toBeNull();
    let s = creditSuccess(NEW_ISLAND_KARMA, 1).state;
    s = creditSuccess(s, 1).state;
    s = creditSuccess(s, 1).state;
    s = applyPenalty(s, 'timeout').state;
    expect(successRate(s)).toBe(0.75);
  });

  it('takes custom rules', () => {
    const rules = { ...DOCS_KARMA_RULES, minutesPerPoint: 10, recoveryMultiplier: 1 };
    expect(creditSuccess(NEW_ISLAND_KARMA, 25, rules).state).toMatchObject({ karma: 2, pendingMinutes: 5 });
  });
});
