// Chart series built on the detail view's figures, so a chart and the numbers beside it agree:
// day k of a projection is k × the rounded daily figure, month k is k × the monthly figure.

import { HOURS_PER_DAY } from './constants';
import { estimateEarnings } from './estimate';
import { checkCount, EstimatorInputError } from './input';
import { usdText } from './rounding';
import type { EarningsPoint, EstimatorVersion, HoursPoint, SeriesInput } from './types';

/** Projected credits per day (or month) and their running total, for `count` periods. */
export function earningsSeries(input: SeriesInput): readonly EarningsPoint[] {
  const count = checkCount(input.count);
  if (input.period !== 'day' && input.period !== 'month') {
    throw new EstimatorInputError('period', `must be "day" or "month", got ${String(input.period)}`);
  }
  const estimate = estimateEarnings(input);
  const perPeriod = input.period === 'month' ? estimate.creditsPerMonth : estimate.creditsPerDay;
  return Array.from({ length: count }, (_, i) => {
    const cumulativeCredits = perPeriod * (i + 1);
    return { index: i + 1, credits: perPeriod, cumulativeCredits, cumulativeUsd: usdText(cumulativeCredits, estimate.rules) };
  });
}

/** One GPU across the slider's range (1–24 h): how online hours move the estimate. */
export function earningsByHours(gpuId: string, options: { version?: EstimatorVersion } = {}): readonly HoursPoint[] {
  const points: HoursPoint[] = [];
  for (let h = HOURS_PER_DAY.min; h <= HOURS_PER_DAY.max; h++) {
    const e = estimateEarnings({ gpuId, hoursPerDay: h, ...options });
    points.push({ hoursPerDay: h, creditsPerDay: e.creditsPerDay, creditsPerMonth: e.creditsPerMonth, usdPerMonth: e.usdPerMonth });
  }
  return points;
}
