// The site's two display roundings, in one place so every figure rounds the same way.

import { DAYS_PER_MONTH } from './constants';
import type { EstimatorVersionRules } from './types';

/** Detail view: round the day, then × 30. */
export function detailMonthlyCredits(creditsPerDay: number): number {
  return Math.round(creditsPerDay) * DAYS_PER_MONTH;
}

/** Comparison table: round the month once (can differ from the detail view by up to 15). */
export function compareMonthlyCredits(creditsPerDay: number): number {
  return Math.round(creditsPerDay * DAYS_PER_MONTH);
}

/** `(credits × usdPerCredit).toFixed(2)`, or null where the version shows no USD. */
export function usdText(credits: number, rules: EstimatorVersionRules): string | null {
  return rules.usdPerCredit === null ? null : (credits * rules.usdPerCredit).toFixed(2);
}
