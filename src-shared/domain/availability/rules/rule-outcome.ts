import type { AvailabilityReason } from '../types';

/** What one rule says at `now`: whether it blocks (and why), and when that may flip by time alone. */
export interface RuleOutcome {
  readonly blocking: AvailabilityReason | null;
  readonly changesAt: number | null;
}

export const PASSES: RuleOutcome = { blocking: null, changesAt: null };
