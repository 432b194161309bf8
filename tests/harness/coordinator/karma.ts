// Karma by the docs' model (product.md §2.2), the only published one with numbers:
// 1 karma ≈ 1 hour of successful compute, new Islands start at 0, minutes accumulate in a pending
// counter, every 60 pending minutes is +1 with the remainder carried, and a 1.5× recovery
// multiplier applies below the monetization threshold (10). Pure: no clock, no I/O.
//
// The docs' penalty table could not be retrieved (product.md §2.2), so the penalties below are
// OUR choice, not published numbers: a failed job costs 1 karma, a timeout or expired lease 2,
// never going below 0. Change them here if the coordinator owners publish the real table.

export interface KarmaRules {
  minutesPerPoint: number;
  recoveryMultiplier: number;
  monetizationThreshold: number;
  failurePenalty: number;
  timeoutPenalty: number;
}

export const DOCS_KARMA_RULES: Readonly<KarmaRules> = Object.freeze({
  minutesPerPoint: 60,
  recoveryMultiplier: 1.5,
  monetizationThreshold: 10,
  failurePenalty: 1,
  timeoutPenalty: 2,
});

export interface KarmaState {
  karma: number;
  pendingMinutes: number;
  completedJobs: number;
  failedJobs: number;
  timedOutJobs: number;
}

export const NEW_ISLAND_KARMA: Readonly<KarmaState> = Object.freeze({
  karma: 0,
  pendingMinutes: 0,
  completedJobs: 0,
  failedJobs: 0,
  timedOutJobs: 0,
});

export interface KarmaChange {
  state: KarmaState;
  /** Signed change in karma (0 when a success only grew the pending counter). */
  delta: number;
  /** Minutes added to the pending counter (successes only). */
  effectiveMinutes: number;
}

export function isMonetizationUnlocked(state: KarmaState, rules: KarmaRules = DOCS_KARMA_RULES): boolean {
  return state.karma >= rules.monetizationThreshold;
}

/**
 * A succeeded job of `minutes` duration. The multiplier is decided by the karma before the job,
 * and effective minutes are floored: that is what reproduces the docs' example (25 → 37, not 37.5).
 */
export function creditSuccess(state: KarmaState, minutes: number, rules: KarmaRules = DOCS_KARMA_RULES): KarmaChange {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`job minutes must be ≥ 0, got ${minutes}`);
  const multiplier = isMonetizationUnlocked(state, rules) ? 1 : rules.recoveryMultiplier;
  const effectiveMinutes = Math.floor(minutes * multiplier);
  const pending = state.pendingMinutes + effectiveMinutes;
  const delta = Math.floor(pending / rules.minutesPerPoint);
  return {
    state: {
      ...state,
      karma: state.karma + delta,
      pendingMinutes: pending - delta * rules.minutesPerPoint,
      completedJobs: state.completedJobs + 1,
    },
    delta,
    effectiveMinutes,
  };
}

/** A failed job (`failure`) or a timed-out job / expired lease (`timeout`). Floors at 0. */
export function applyPenalty(state: KarmaState, kind: 'failure' | 'timeout', rules: KarmaRules = DOCS_KARMA_RULES): KarmaChange {
  const cost = kind === 'timeout' ? rules.timeoutPenalty : rules.failurePenalty;
  const karma = Math.max(0, state.karma - cost);
  return {
    state: {
      ...state,
      karma,
      failedJobs: state.failedJobs + (kind === 'failure' ? 1 : 0),
      timedOutJobs: state.timedOutJobs + (kind === 'timeout' ? 1 : 0),
    },
    delta: karma - state.karma,
    effectiveMinutes: 0,
  };
}

/** Share of finished jobs that succeeded, 0..1; null before any job finished. */
export function successRate(state: KarmaState): number | null {
  const finished = state.completedJobs + state.failedJobs + state.timedOutJobs;
  return finished === 0 ? null : state.completedJobs / finished;
}
